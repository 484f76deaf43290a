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
 * (DESIGN.md "Security"); unknown extra fields are kept in `attrs`.
 */
export function toEventRow(event: ContractEvent, options: { storeMessageText: boolean }): EventRow {
  const known = knownFields.get(event.type);
  const attrs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined) continue;
    if (known?.has(key) !== true || attrFields.has(key)) attrs[key] = value;
    else if (key === 'text' && options.storeMessageText) attrs.text = value;
  }
  const score = num(event.score);
  return {
    bot_id: event.botId,
    conversation_id: event.conversationId,
    id: event.id,
    ts: new Date(event.timestamp).toISOString(),
    type: event.type,
    user_id: str(event.userId),
    bot_version: str(event.botVersion),
    channel: str(event.channel),
    intent: str(event.intent),
    confidence: num(event.confidence),
    fallback: bool(event.fallback),
    correct: bool(event.correct),
    flow: str(event.flow),
    step: str(event.step),
    final: bool(event.final),
    goal: str(event.goal),
    cta: str(event.cta),
    ctas: Array.isArray(event.ctas) ? (event.ctas as string[]) : null,
    value: num(event.value),
    currency: str(event.currency),
    expects_reply: bool(event.expectsReply),
    latency_ms: num(event.latencyMs),
    csat_score: event.type === 'csat' ? score : null,
    sentiment: event.type === 'sentiment' ? score : null,
    status: str(event.status),
    outcome: str(event.outcome),
    attrs: Object.keys(attrs).length > 0 ? attrs : null,
  };
}
