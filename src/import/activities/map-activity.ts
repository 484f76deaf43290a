import type { EventType } from '../../events/contract.ts';
import { botIdFromName } from '../platform/bot-id-from-name.ts';
import { BoundedMap } from '../platform/bounded-map.ts';
import { channelName } from '../platform/channel-name.ts';
import { deterministicEventId } from '../platform/event-id.ts';
import { asArray, asObject, asText, pathIn } from '../platform/json-values.ts';
import { problem, skip } from '../platform/mapped-record.ts';
import type { MappedRecord } from '../platform/mapped-record.ts';
import { actionClicked, actionInvoked } from './action-clicked.ts';
import { actionsShown } from './actions-shown.ts';
import type { ShownAction } from './actions-shown.ts';
import { activityTime, botAccount, senderRole, userAccountId } from './activity-parts.ts';
import type { Activity, Role } from './activity-parts.ts';
import { recognizedIntent } from './recognized-intent.ts';

/** What the mapping remembers of a conversation between its activities. */
export interface ConversationState {
  botId?: string;
  botAccountId?: string;
  userId?: string;
  /** The previous activity's time: the time of an activity that has none (docs/importers.md). */
  lastTime?: string;
  /** Where `lastTime` came from, kept with events that take it (`previous activity`, `conversation start time`). */
  lastTimeSource?: string;
  /** A hand-off event was made for this conversation (a session outcome need not repeat it). */
  handedOff?: boolean;
  /** When the user's latest message was sent, until the bot answers it (for `latencyMs`). */
  awaitingAnswerSince?: number;
  /** The CTAs of the bot's latest message that had any (to name what a click clicked). */
  shownActions: ShownAction[];
}

/** Per-conversation state for one import, bounded so memory stays flat. */
export const newConversationStates = (limit = 10_000) => new BoundedMap<string, ConversationState>(limit);
export type ConversationStates = ReturnType<typeof newConversationStates>;

/** Makes one contract event of an activity, its common fields filled and its id derived from the activity. */
export type EventMaker = (type: EventType, kind: string, fields?: Record<string, unknown>, at?: string) => MappedRecord;

/** A platform's own reading of trace and event activities (Copilot Studio's SessionInfo…); undefined = not its own. */
export type OwnActivityMapper = (activity: Activity, event: EventMaker, conversation: Readonly<ConversationState>) => MappedRecord[] | undefined;

export interface ActivityMapping {
  /** Prefix of derived event ids (`bf`, `cs`). */
  idPrefix: string;
  /** `--bot`, or the bot the export names; otherwise the bot account's name. */
  botId?: string;
  /** For activities without `conversation.id` (Copilot Studio: the transcript's conversation). */
  conversationId?: string;
  ownActivities?: OwnActivityMapper;
}

/**
 * What a live bot's middleware knows about an activity that an export leaves the mapping to work
 * out: who sent it (the turn's incoming activity is the user's, what the bot sends is the bot's)
 * and when it was seen (outgoing activities carry no timestamp until the channel stamps them).
 */
export interface SeenActivity {
  role?: Role;
  /** ISO-8601 time, used when the activity has no time of its own. */
  seenAt?: string;
}

/** A bot message this long after the user's is not its answer (a proactive message); no latency. */
const maxAnswerDelayMs = 60 * 60 * 1000;

/**
 * Maps one Bot Framework activity to contract events (docs/importers.md has the table): the one
 * mapping of `.transcript` imports and of the live middleware (`BotwatchMiddleware`). `key`
 * identifies the activity when it has no `id` (its position in the file, or the id the channel
 * answered a send with). State carried between activities of a conversation lives in `states`.
 */
export function mapActivity(raw: unknown, key: string, states: ConversationStates, mapping: ActivityMapping, seen: SeenActivity = {}): MappedRecord[] {
  const activity = asObject(raw);
  if (activity === undefined) return [problem('expected an activity object')];
  const type = asText(activity.type);
  if (type === undefined) return [problem('the activity has no type')];
  const conversationId = asText(pathIn(activity, 'conversation', 'id')) ?? mapping.conversationId;
  if (conversationId === undefined) return [problem('the activity has no conversation.id')];
  const state = states.getOrCreate(conversationId, () => ({ shownActions: [] }));

  const role = seen.role ?? senderRole(activity, state.botAccountId);
  const account = botAccount(activity, role);
  if (role !== undefined && account.id !== undefined) state.botAccountId ??= account.id;
  if (role === 'user') state.userId = userAccountId(activity, role) ?? state.userId;
  const userId = userAccountId(activity, role) ?? state.userId;
  // The bot is named once per conversation, and only from an activity whose sender is known.
  if (mapping.botId === undefined && state.botId === undefined && role !== undefined) state.botId = botIdFromName(account.name) ?? botIdFromName(account.id);
  const botId = mapping.botId ?? state.botId;
  const channel = channelName(activity.channelId);

  const ownTime = activityTime(activity) ?? seen.seenAt;
  const time = ownTime ?? state.lastTime;
  const timeSource = state.lastTimeSource ?? 'previous activity';
  if (ownTime !== undefined) {
    state.lastTime = ownTime;
    state.lastTimeSource = 'previous activity';
  }
  const sourceKey = asText(activity.id) ?? key;

  const event: EventMaker = (eventType, kind, fields = {}, at) => {
    if (botId === undefined) return problem('no bot id: the activity names no bot account; pass --bot <id>');
    const timestamp = at ?? time;
    if (timestamp === undefined) return problem('no timestamp, and no earlier activity of this conversation has one');
    if (eventType === 'handoff') state.handedOff = true;
    return {
      candidate: {
        id: deterministicEventId(mapping.idPrefix, [conversationId, sourceKey, kind]),
        type: eventType,
        timestamp,
        botId,
        conversationId,
        ...(userId === undefined ? {} : { userId }),
        ...(channel === undefined ? {} : { channel }),
        ...(at === undefined && ownTime === undefined ? { timestampSource: timeSource } : {}),
        ...fields,
      },
    };
  };

  switch (type) {
    case 'message':
      return mapMessage(activity, role, state, event, ownTime);
    case 'conversationUpdate':
      if ((asArray(activity.membersAdded)?.length ?? 0) > 0) return [event('conversation.started', 'started')];
      return [skip('conversationUpdate without members added (not a metric)')];
    case 'endOfConversation':
      return [event('conversation.ended', 'ended', endOutcome(activity.code))];
    case 'handoff':
      return [event('handoff', 'handoff', handoffFields(activity.value))];
    case 'event':
    case 'trace':
      return mapTraceOrEvent(activity, type, event, mapping.ownActivities, state);
    case 'invoke':
      if (activity.name === 'adaptiveCard/action') return [event('cta.clicked', 'clicked', { cta: actionInvoked(activity, state.shownActions) })];
      return [skip(`invoke activity "${(asText(activity.name) ?? 'unnamed').slice(0, 80)}" (not a metric)`)];
    default:
      return [skip(`${type} activity (not a metric)`)];
  }
}

function mapMessage(activity: Activity, role: Role | undefined, state: ConversationState, event: EventMaker, ownTime: string | undefined): MappedRecord[] {
  if (role === undefined) return [problem('cannot tell whether this message is from the user or the bot (no from.role)')];
  const text = typeof activity.text === 'string' && activity.text !== '' ? { text: activity.text } : {};
  const at = ownTime === undefined ? undefined : Date.parse(ownTime);
  if (role === 'user') {
    const records = [event('message.received', 'received', text)];
    const clicked = actionClicked(activity, state.shownActions);
    if (clicked !== undefined) records.push(event('cta.clicked', 'clicked', { cta: clicked }));
    state.awaitingAnswerSince = at;
    return records;
  }
  const shown = actionsShown(activity);
  if (shown.length > 0) state.shownActions = shown;
  const since = state.awaitingAnswerSince;
  state.awaitingAnswerSince = undefined; // later messages of the same turn are not answers
  const latency = since !== undefined && at !== undefined ? at - since : undefined;
  const ctas = [...new Set(shown.map((a) => a.name))];
  const hint = activity.inputHint;
  return [
    event('message.sent', 'sent', {
      ...text,
      ...(latency !== undefined && latency >= 0 && latency <= maxAnswerDelayMs ? { latencyMs: Math.round(latency) } : {}),
      ...(hint === 'expectingInput' ? { expectsReply: true } : hint === 'acceptingInput' || hint === 'ignoringInput' ? { expectsReply: false } : {}),
      ...(ctas.length > 0 ? { ctas } : {}),
    }),
  ];
}

function mapTraceOrEvent(activity: Activity, type: 'trace' | 'event', event: EventMaker, own: OwnActivityMapper | undefined, state: ConversationState): MappedRecord[] {
  const mapped = own?.(activity, event, state);
  if (mapped !== undefined) return mapped;
  const name = asText(activity.name);
  if (type === 'event' && name !== undefined && /hand-?off/i.test(name)) {
    // Bot Framework's hand-off protocol: the bot sends handoff.initiate; the channel answers handoff.status.
    if (/status/i.test(name)) return [skip(`${name} event (the hand-off is counted at handoff.initiate)`)];
    return [event('handoff', 'handoff', handoffFields(activity.value))];
  }
  const valueType = asText(activity.valueType);
  const intent = recognizedIntent(activity.value, valueType);
  if (intent !== undefined) return [event('intent.detected', 'intent', { ...intent })];
  const kind = name ?? asText(activity.label) ?? valueType ?? 'unnamed';
  return [skip(`${type} activity "${kind.slice(0, 80)}" (not a metric)`)];
}

/** Bot Framework's EndOfConversationCodes as a contract outcome; the code itself is kept. */
function endOutcome(code: unknown): Record<string, unknown> {
  const text = asText(code);
  if (text === undefined) return {};
  if (text === 'completedSuccessfully') return { outcome: 'success', endCode: text };
  if (['userCancelled', 'botTimedOut', 'botIssuedInvalidMessage', 'channelFailed', 'skillError'].includes(text)) return { outcome: 'unsuccessful', endCode: text };
  return { endCode: text };
}

/** `reason` and `queue` of a hand-off, where the platform's value names them. */
export function handoffFields(value: unknown): Record<string, unknown> {
  const v = asObject(value);
  const reason = asText(v?.reason) ?? asText(v?.message);
  const queue = asText(v?.queue) ?? asText(v?.skill);
  return { ...(reason === undefined ? {} : { reason: reason.slice(0, 1024) }), ...(queue === undefined ? {} : { queue: queue.slice(0, 256) }) };
}
