import { activityTime } from '../activities/activity-parts.ts';
import type { EventMaker, OwnActivityMapper } from '../activities/map-activity.ts';
import { handoffFields } from '../activities/map-activity.ts';
import { asNumber, asNumeric, asObject, asText } from '../platform/json-values.ts';
import type { JsonObject } from '../platform/json-values.ts';
import { problem, skip } from '../platform/mapped-record.ts';
import type { MappedRecord } from '../platform/mapped-record.ts';
import { instantFrom } from '../platform/parse-time.ts';

/**
 * Copilot Studio's own trace and event activities inside a transcript's `content` (built from
 * Microsoft's documentation of the ConversationTranscript table and of analytics sessions; see
 * docs/importers.md). Everything else goes through the common Bot Framework mapping.
 */
export const copilotStudioActivities: OwnActivityMapper = (activity, event, conversation) => {
  const value = asObject(activity.value);
  switch (asText(activity.valueType)) {
    case 'SessionInfo':
      // Without a timestamp of its own, the session ends at its endTimeUtc (not the previous activity's time).
      return sessionOutcome(value, event, activityTime(activity) === undefined ? instantFrom(value?.endTimeUtc, { assumeUtc: true }) : undefined, conversation.handedOff === true);
    case 'IntentRecognition':
      return recognizedTopic(value, event);
    case 'UnknownIntent':
      return [event('intent.detected', 'intent', { intent: 'UnknownIntent', fallback: true })];
    case 'DialogRedirect':
      return topicTriggered(value, event);
    case 'CSATSurveyResponse':
      return csatResponse(value, event);
    case 'HandOff':
      return [event('handoff', 'handoff', handoffFields(value))];
    case 'ConversationInfo':
      return [skip('ConversationInfo trace (repeats the last SessionInfo outcome)')];
  }
  if (activity.type === 'event' && activity.name === 'startConversation') return [event('conversation.started', 'started')];
  return undefined;
};

/**
 * An analytics session's outcome (Copilot Studio: Resolved, Escalated/HandOff, Abandoned; None for
 * unengaged sessions). The session type, reason, turn count and implied success are kept with the
 * `conversation.ended` event as extra fields. Its events take the trace's time, else `endTimeUtc`.
 */
function sessionOutcome(value: JsonObject | undefined, event: EventMaker, at: string | undefined, handedOff: boolean): MappedRecord[] {
  const outcome = asText(value?.outcome);
  const extras: Record<string, unknown> = {};
  if (outcome !== undefined) extras.sessionOutcome = outcome;
  for (const [from, to] of [['type', 'sessionType'], ['outcomeReason', 'outcomeReason'], ['turnCount', 'turnCount'], ['impliedSuccess', 'impliedSuccess']] as const) {
    if (value?.[from] !== undefined && value[from] !== null) extras[to] = value[from];
  }
  switch (outcome?.toLowerCase()) {
    case 'resolved':
      return [event('resolved', 'resolved', {}, at), event('conversation.ended', 'ended', { outcome: 'success', ...extras }, at)];
    case 'escalated':
    case 'handoff':
      // A HandOff trace (or handoff activity) earlier in the session already made the hand-off event.
      return [...(handedOff ? [] : [event('handoff', 'handoff', {}, at)]), event('conversation.ended', 'ended', extras, at)];
    case 'abandoned':
      return [event('conversation.ended', 'ended', { outcome: 'unsuccessful', ...extras }, at)];
    default:
      // None (an unengaged session) or an outcome this importer does not know: the session ended.
      return [event('conversation.ended', 'ended', extras, at)];
  }
}

function recognizedTopic(value: JsonObject | undefined, event: EventMaker): MappedRecord[] {
  const intent = asText(value?.intentTitle) ?? asText(value?.intentName) ?? asText(value?.topIntent) ?? asText(value?.topicName) ?? topicName(asText(value?.intentId));
  if (intent === undefined) return [skip('IntentRecognition trace without an intent name')];
  const score = asNumber(value?.score) ?? asNumber(value?.confidence);
  return [event('intent.detected', 'intent', { intent: intent.slice(0, 256), ...(score !== undefined && score >= 0 && score <= 1 ? { confidence: score } : {}) })];
}

/**
 * Copilot Studio's system topics (Microsoft's list). Entering one of these does not make a session
 * engaged in Copilot Studio's analytics, so it is not a `step.reached` here either.
 */
const systemTopics = new Set(['conversationstart', 'endofconversation', 'escalate', 'fallback', 'multipletopicsmatched', 'onerror', 'resetconversation', 'signin', 'search', 'conversationalboosting']);

function topicTriggered(value: JsonObject | undefined, event: EventMaker): MappedRecord[] {
  const topic = topicName(asText(value?.targetDialogId));
  if (topic === undefined) return [skip('DialogRedirect trace without a target topic')];
  if (systemTopics.has(topic.toLowerCase().replace(/[^a-z]/g, ''))) return [skip(`system topic "${topic}" (not a flow)`)];
  return [event('step.reached', 'step', { flow: topic.slice(0, 256), step: 'triggered' })];
}

/** `bot_schema.topic.CheckRefundStatus` → `CheckRefundStatus`; other ids as they are. */
function topicName(dialogId: string | undefined): string | undefined {
  if (dialogId === undefined) return undefined;
  const marker = dialogId.lastIndexOf('.topic.');
  return marker === -1 ? dialogId : dialogId.slice(marker + '.topic.'.length) || undefined;
}

/** The end-of-conversation survey's 1–5 rating (the value's field name varies: score, rating, csat). */
function csatResponse(value: JsonObject | undefined, event: EventMaker): MappedRecord[] {
  const score = asNumeric(value?.score) ?? asNumeric(value?.rating) ?? asNumeric(value?.csat) ?? asNumeric(value?.csatScore) ?? asNumeric(value?.response);
  if (score === undefined || !Number.isInteger(score) || score < 1 || score > 5) {
    return [problem(`CSAT survey response without a whole-number score from 1 to 5 (value: ${JSON.stringify(value ?? null).slice(0, 120)})`)];
  }
  return [event('csat', 'csat', { score })];
}
