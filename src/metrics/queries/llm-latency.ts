import { cohortConditions, dimensionConditions } from '../cohort.ts';
import type { CohortQuery } from './cohort-query.ts';

/**
 * A percentile of latencyMs over the LLM calls made in the window (a per-call measure, taken by
 * call time, like the response-time percentile). Bot, version and channel filters apply to the
 * calls; intent and flow filters restrict to the calls of the conversations started in the window.
 */
function llmLatencyPercentile(fraction: number): CohortQuery {
  return async (db, { interval, filter }) => {
    const params: unknown[] = [interval.start, interval.end, fraction];
    const conditions = [
      `e.type = 'llm.call'`,
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
    if (!row || Number(row.n) === 0 || row.value === null) return { value: null, reason: 'no LLM calls with latencyMs in this window' };
    return { value: Math.round(row.value), denominator: Number(row.n) };
  };
}

export const llmLatencyP50Ms = llmLatencyPercentile(0.5);
export const llmLatencyP95Ms = llmLatencyPercentile(0.95);
