import { cohortConditions, dimensionConditions } from '../cohort.ts';
import type { CohortQuery } from './cohort-query.ts';

/**
 * 95th percentile of latencyMs over the bot messages sent in the window (a per-message measure,
 * not a rate, so it is taken by message time). Bot, version and channel filters apply to the
 * messages; intent and flow filters, which describe conversations, restrict to the messages of the
 * conversations that started in the window.
 */
export const p95ResponseMs: CohortQuery = async (db, { interval, filter }) => {
  const params: unknown[] = [interval.start, interval.end];
  const conditions = [
    `e.type = 'message.sent'`,
    'e.latency_ms IS NOT NULL',
    'e.ts >= $1',
    'e.ts < $2',
    ...dimensionConditions({ bots: 'e.bot_id', versions: 'e.bot_version', channels: 'e.channel' }, filter, params),
  ];
  let from = 'events e';
  if (filter.intents.length > 0 || filter.flows.length > 0) {
    from = `events e JOIN conversation_facts f ON f.bot_id = e.bot_id AND f.conversation_id = e.conversation_id`;
    conditions.push(cohortConditions(interval, { ...filter, versions: [], channels: [] }, params));
  }
  const [row] = await db.query<{ p95: number | null; n: number }>(
    `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY e.latency_ms) AS p95, count(*) AS n FROM ${from} WHERE ${conditions.join(' AND ')}`,
    params,
  );
  if (!row || row.n === 0 || row.p95 === null) return { value: null, reason: 'no bot messages with latencyMs in this window' };
  return { value: Math.round(row.p95), denominator: row.n };
};
