import type { ContractEvent, EventType } from './contract.ts';
import { knownFields } from './contract.ts';

/** An accepted event as stored: one column per contract field that metrics read. */
export interface EventRow {
  bot_id: string;
  conversation_id: string;
  id: string;
  ts: string;
  type: EventType;
  user_id: string | null;
  bot_version: string | null;
  channel: string | null;
  intent: string | null;
  confidence: number | null;
  fallback: boolean | null;
  correct: boolean | null;
  flow: string | null;
  step: string | null;
  final: boolean | null;
  goal: string | null;
  cta: string | null;
  ctas: string[] | null;
  value: number | null;
  currency: string | null;
  expects_reply: boolean | null;
  latency_ms: number | null;
  csat_score: number | null;
  sentiment: number | null;
  status: string | null;
  outcome: string | null;
  attrs: Record<string, unknown> | null;
}

/** Contract fields kept in `attrs` rather than a column (not read by any metric). */
const attrFields = new Set(['reason', 'queue', 'messageId']);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/**
 * Maps a validated event to its row. Message `text` is dropped unless the deployment opted in
 * (message text is private by default); unknown extra fields are kept in `attrs`.
 */
export function toEventRow(event: ContractEvent, options: { storeMessageText: boolean }): EventRow {
  const known = knownFields.get(event.type);
  const attrs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined) continue;
    if (known?.has(key) !== true || attrFields.has(key)) attrs[storableJson(key) as string] = storableJson(value);
    else if (key === 'text' && options.storeMessageText) attrs.text = storableJson(value);
  }
  // Only the fields the contract defines for this type fill columns; the rest stay in attrs.
  const field = (name: string): unknown => (known?.has(name) === true ? event[name] : undefined);
  const score = num(field('score'));
  const ctas = field('ctas');
  return {
    bot_id: event.botId,
    conversation_id: event.conversationId,
    id: event.id,
    ts: new Date(event.timestamp).toISOString(),
    type: event.type,
    user_id: str(field('userId')),
    bot_version: str(field('botVersion')),
    channel: str(field('channel')),
    intent: str(field('intent')),
    confidence: num(field('confidence')),
    fallback: bool(field('fallback')),
    correct: bool(field('correct')),
    flow: str(field('flow')),
    step: str(field('step')),
    final: bool(field('final')),
    goal: str(field('goal')),
    cta: str(field('cta')),
    ctas: Array.isArray(ctas) ? (ctas as string[]) : null,
    value: num(field('value')),
    currency: str(field('currency')),
    expects_reply: bool(field('expectsReply')),
    latency_ms: num(field('latencyMs')),
    csat_score: event.type === 'csat' ? score : null,
    sentiment: event.type === 'sentiment' ? score : null,
    status: str(field('status')),
    outcome: str(field('outcome')),
    attrs: Object.keys(attrs).length > 0 ? attrs : null,
  };
}

/**
 * Extra fields are kept whatever they hold, so text Postgres cannot store (NUL, lone surrogates)
 * is replaced with U+FFFD rather than breaking ingestion (extra fields never break it).
 */
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed().replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(value)) return value.map(storableJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableJson(k) as string, storableJson(v)]));
  }
  return value;
}
