import type { ContractEvent, EventType, FieldProblem } from './contract.ts';
import { knownFields } from './contract.ts';
import { maxExtraChars, maxExtraDepth, storableExtra, storableText } from './storable-extras.ts';

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
  model: string | null;
  provider: string | null;
  tool: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_input_tokens: number | null;
  cost_usd: number | null;
  error: string | null;
  /** score events: the score's name and label (its number is `value`). */
  score_name: string | null;
  score_label: string | null;
  attrs: Record<string, unknown> | null;
}

/** Contract fields kept in `attrs` rather than a column (not read by any metric). */
const attrFields = new Set(['reason', 'queue', 'messageId', 'comment']);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/**
 * Maps a validated event to its row. Message `text` is dropped unless the deployment opted in
 * (message text is private by default); unknown extra fields are kept in `attrs`, within limits: an extra field
 * nested deeper than 64 levels, or extra fields larger than 64 KiB of JSON together, refuse the
 * event with the field's path (docs/limits-and-timeouts.md).
 */
export function toEventRow(event: ContractEvent, options: { storeMessageText: boolean }): { row: EventRow } | { problem: FieldProblem } {
  const known = knownFields.get(event.type);
  // No prototype: an extra field named "__proto__" stays an ordinary key.
  const attrs = Object.create(null) as Record<string, unknown>;
  let used = 0;
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined) continue;
    const extra = known?.has(key) !== true || attrFields.has(key);
    if (!extra && !(key === 'text' && options.storeMessageText)) continue;
    // Message text counts toward no budget: the contract bounds it (100,000 characters).
    const kept = storableExtra(value, extra ? maxExtraChars - used : Number.POSITIVE_INFINITY);
    if ('tooDeep' in kept) return { problem: { path: key, message: `nested deeper than ${maxExtraDepth} levels` } };
    if ('tooLarge' in kept) return { problem: { path: key, message: `extra fields may hold at most ${maxExtraChars / 1024} KiB of JSON together; this one takes them past it` } };
    if (extra) used += kept.size;
    attrs[storableText(key)] = kept.value;
  }
  return { row: eventRow(event, known, attrs) };
}

function eventRow(event: ContractEvent, known: ReadonlySet<string> | undefined, attrs: Record<string, unknown>): EventRow {
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
    model: str(field('model')),
    provider: str(field('provider')),
    tool: str(field('tool')),
    input_tokens: num(field('inputTokens')),
    output_tokens: num(field('outputTokens')),
    cached_input_tokens: num(field('cachedInputTokens')),
    cost_usd: num(field('costUsd')),
    error: str(field('error')),
    score_name: str(field('name')),
    score_label: str(field('label')),
    attrs: Object.keys(attrs).length > 0 ? attrs : null,
  };
}
