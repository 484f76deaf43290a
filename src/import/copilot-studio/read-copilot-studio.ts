import { mapActivity, newConversationStates } from '../activities/map-activity.ts';
import { botIdFromName } from '../platform/bot-id-from-name.ts';
import { asArray, asObject, asText, pathIn } from '../platform/json-values.ts';
import type { JsonObject } from '../platform/json-values.ts';
import { instantFrom } from '../platform/parse-time.ts';
import type { ReadProgress, SourceRecord } from '../source-record.ts';
import { copilotStudioActivities } from './copilot-activities.ts';
import { transcriptRecords } from './transcript-records.ts';

/**
 * Copilot Studio (Power Virtual Agents) conversation transcripts as exported from the Dataverse
 * `ConversationTranscript` table: each row's `content` is a JSON string of `{"activities": [...]}`,
 * Bot Framework activities with Copilot Studio's own traces (SessionInfo, topics, CSAT). One row is
 * one conversation. Positions are `record N activity M` (JSON) or `line N activity M` (CSV).
 */
export async function* readCopilotStudio(input: AsyncIterable<Buffer | string>, progress: ReadProgress, options: { botId?: string }): AsyncGenerator<SourceRecord> {
  for await (const record of transcriptRecords(input, progress)) {
    if ('problem' in record) yield record;
    else yield* transcriptEvents(record.fields, record.position, options);
  }
}

function* transcriptEvents(row: JsonObject, position: string, options: { botId?: string }): Generator<SourceRecord> {
  const activities = transcriptActivities(row);
  if (!Array.isArray(activities)) {
    yield { position, ...activities };
    return;
  }

  const metadata = parseJsonCell(row.metadata);
  const named = metadata instanceof Error ? undefined : asObject(metadata);
  const botId = options.botId ?? botIdFromName(asText(named?.BotName)) ?? botIdFromName(asText(named?.BotId)) ?? botIdFromName(asText(row.botconversationtranscriptidvalue ?? row.botconversationtranscriptid ?? row.botconversationtranscript));
  const conversationId = conversationIdOf(row, activities);
  const states = newConversationStates(8);
  const startedAt = instantFrom(row.conversationstarttime, { assumeUtc: true });
  // An activity without a time before any with one takes the transcript's ConversationStartTime.
  if (conversationId !== undefined && startedAt !== undefined) states.getOrCreate(conversationId, () => ({ shownActions: [], lastTime: startedAt, lastTimeSource: 'conversation start time' }));

  for (const [index, activity] of activities.entries()) {
    const at = `${position} activity ${index + 1}`;
    const mapping = { idPrefix: 'cs', botId, conversationId, ownActivities: copilotStudioActivities };
    for (const mapped of mapActivity(activity, `@${index}`, states, mapping)) yield { position: at, ...mapped };
  }
}

/** The row's activities, or why there are none to read (a problem, or a test-pane transcript to skip). */
function transcriptActivities(row: JsonObject): unknown[] | { problem: string } | { skipped: string } {
  const content = parseJsonCell(row.content);
  if (content === undefined) return { problem: 'the row has no content' };
  if (content instanceof Error) return { problem: `content is not valid JSON (${content.message})` };
  const activities = asArray(content) ?? asArray(asObject(content)?.activities);
  if (activities === undefined) return { problem: 'content holds no "activities" array' };
  if (activities.some((a) => asText(asObject(a)?.valueType) === 'ConversationInfo' && pathIn(a, 'value', 'isDesignMode') === true)) {
    return { skipped: 'Copilot Studio test-pane transcript (isDesignMode: not real traffic)' };
  }
  return activities;
}

/**
 * The conversation: the activities' `conversation.id`, else the row's `name` (documented as the
 * conversation id followed by `_` and the bot id), else the row's own id.
 */
function conversationIdOf(row: JsonObject, activities: unknown[]): string | undefined {
  for (const activity of activities) {
    const id = asText(pathIn(activity, 'conversation', 'id'));
    if (id !== undefined) return id;
  }
  const name = asText(row.name);
  if (name !== undefined) return name.includes('_') ? name.slice(0, name.lastIndexOf('_')) : name;
  return asText(row.conversationtranscriptid) ?? asText(row.conversationtranscript);
}

/** A cell holding JSON text (CSV, and the Web API's string columns) or an already-parsed value. */
function parseJsonCell(cell: unknown): unknown {
  if (typeof cell !== 'string') return cell ?? undefined;
  if (cell.trim() === '') return undefined;
  try {
    return JSON.parse(cell) as unknown;
  } catch (error) {
    return error instanceof Error ? error : new Error('not valid JSON');
  }
}

/** A Dataverse ConversationTranscript export: JSON rows with their columns, or CSV with a `content` column. */
export function looksLikeCopilotStudioTranscripts(head: string): boolean {
  if (/"conversationtranscriptid"\s*:|"content"\s*:\s*"\{\\"activities\\"|"@odata\.context"\s*:\s*"[^"]*conversationtranscripts/i.test(head)) return true;
  const firstLine = /^\ufeff?([^\r\n]*)/.exec(head)?.[1] ?? '';
  return /(^|,)"?content"?(,|$)/i.test(firstLine) && /conversation ?start ?time|conversationtranscript|metadata/i.test(firstLine);
}
