import { DomainError } from '../../errors.ts';
import { scanJsonDocument } from '../json/scan-json-document.ts';
import { asObject, asText } from '../platform/json-values.ts';
import { peekInput } from '../platform/peek-input.ts';
import { readLines } from '../read-lines.ts';
import type { ReadProgress, SourceRecord } from '../source-record.ts';
import { RasaEventMapper } from './map-rasa-events.ts';
import { parseSenderEvent } from './sender-event.ts';

/** One tracker event with the sender it belongs to, or why it could not be read. */
type SenderEvent = { position: string; senderId: string; event: unknown } | { position: string; problem: string };

/**
 * Rasa tracker store dumps: one tracker's JSON (`sender_id` and its `events`, read event by event)
 * or one event per line with its `sender_id`, as `rasa export` and the file event broker write
 * them. Trackers do not name the bot, so `--bot` is required. Positions are `event N` in a tracker
 * and `line N` in an export.
 */
export async function* readRasa(input: AsyncIterable<Buffer | string>, progress: ReadProgress, options: { botId?: string; handoffActions?: readonly string[] }): AsyncGenerator<SourceRecord> {
  if (options.botId === undefined) throw new DomainError('bot_required', 'Rasa trackers do not name the bot; say which with --bot <id>');
  const mapper = new RasaEventMapper({ botId: options.botId, ...(options.handoffActions === undefined ? {} : { handoffActions: options.handoffActions }) });
  const { head, input: stream } = await peekInput(input);
  const events = isEventPerLine(head) ? exportedEvents(stream, progress) : trackerEvents(stream, progress);
  for await (const item of events) {
    if ('problem' in item) yield item;
    else yield* mapper.map(item.senderId, item.event, item.position);
  }
  yield* mapper.finish();
}

/** The first line is a whole event (`"event": …`) rather than the start of a tracker. */
function isEventPerLine(head: string): boolean {
  const firstLine = head.replace(/^\ufeff/, '').split('\n', 1)[0] ?? '';
  try {
    const first = asObject(JSON.parse(firstLine));
    return first !== undefined && typeof first.event === 'string' && !('events' in first);
  } catch {
    return false;
  }
}

async function* trackerEvents(input: AsyncIterable<Buffer>, progress: ReadProgress): AsyncGenerator<SenderEvent> {
  let senderId: string | undefined;
  // Only when `events` comes before `sender_id` in the file are events held back (one tracker's worth).
  const waiting: { position: string; event: unknown }[] = [];
  for await (const part of scanJsonDocument(input, { streamedFields: ['events'], itemNoun: 'event', progress })) {
    if (part.kind === 'problem') yield { position: part.index === undefined ? `byte ${part.offset}` : `event ${part.index + 1}`, problem: part.message };
    else if (part.kind === 'field') {
      if (part.key !== 'sender_id') continue; // the rest of a tracker summarises its events
      senderId = asText(part.value);
      if (senderId !== undefined) for (const w of waiting.splice(0)) yield { ...w, senderId };
    } else if (part.field === 'events') {
      const position = `event ${part.index + 1}`;
      if (senderId === undefined) waiting.push({ position, event: part.value });
      else yield { position, senderId, event: part.value };
    }
  }
  if (waiting.length > 0) yield { position: waiting[0]?.position ?? 'event 1', problem: `the tracker has no sender_id, so its ${waiting.length} events cannot be placed in a conversation` };
}

async function* exportedEvents(input: AsyncIterable<Buffer>, progress: ReadProgress): AsyncGenerator<SenderEvent> {
  let lineNumber = 0;
  for await (const line of readLines(input, progress)) {
    lineNumber++;
    if (line.trim() === '') continue;
    yield { position: `line ${lineNumber}`, ...parseSenderEvent(line) };
  }
}

/** A tracker (`sender_id` and `events`) or a line of an export (`sender_id` and `event`). */
export function looksLikeRasa(head: string): boolean {
  return /"sender_id"\s*:/.test(head) && (/"events"\s*:\s*\[/.test(head) || /^\ufeff?\s*\{[^\n]*"event"\s*:\s*"[a-z_]+"/.test(head));
}
