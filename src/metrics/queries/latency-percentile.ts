import { cohortConditions, dimensionConditions } from '../cohort.ts';
import type { CohortQuery } from './cohort-query.ts';

/**
 * A percentile of latencyMs over the events of one type in the window (a per-event measure, not a
 * rate, so it is taken by event time). Bot, version and channel filters apply to the events;
 * intent and flow filters, which describe conversations, restrict to the events of the
 * conversations that started in the window.
 */
export function latencyPercentile(type: 'message.sent' | 'llm.call', fraction: number, noneReason: string): CohortQuery {
  return async (db, { interval, filter }) => {
    const params: unknown[] = [interval.start, interval.end, fraction];
    const conditions = [
      // A literal (one of two fixed types), so the planner can use the partial index on sent latencies.
      `e.type = '${type}'`,
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
    const [row] = await db.query<{ value: number | null; n: number }>(
      `SELECT percentile_cont($3::float8) WITHIN GROUP (ORDER BY e.latency_ms) AS value, count(*) AS n FROM ${from} WHERE ${conditions.join(' AND ')}`,
      params,
    );
    if (!row || Number(row.n) === 0 || row.value === null) return { value: null, reason: noneReason };
    return { value: Math.round(row.value), denominator: Number(row.n) };
  };
}
