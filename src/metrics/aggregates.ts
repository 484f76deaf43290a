import { latencyBucketNames } from './latency-histogram.ts';
import type { LatencyBucketName } from './latency-histogram.ts';

/**
 * The sums every facts-based metric is computed from, for one cohort (conversations that started
 * in a window: numerator and denominator always from the same cohort). One pass
 * over `conversation_facts` gives all of them; metrics are arithmetic on the result.
 *
 * `settled` depends on the clock: ended, or idle longer than the timeout at query time ($idle).
 * Rollups store every conversation's contribution as if it were settled (`true`) and queries
 * correct for the few that are not yet (src/metrics/rollups/).
 */
export const clockSettled = `(f.ended_at IS NOT NULL OR f.last_event_at < $idle)`;
const count = (condition: string) => `count(*) FILTER (WHERE ${condition})`;
const sum = (expression: string, condition?: string) => `coalesce(sum(${expression})${condition ? ` FILTER (WHERE ${condition})` : ''}, 0)`;

/** The aggregate expressions over `conversation_facts f`, for a given meaning of "settled". */
export const aggregateExpressions = (settled: string) => ({
  conversations: 'count(*)',
  settled: count(settled),
  engaged: count('f.engaged'),
  engaged_settled: count(`f.engaged AND ${settled}`),
  completed: count(`${settled} AND f.completed_at IS NOT NULL`),
  goal_settled: count(`${settled} AND f.goal_at IS NOT NULL`),
  converted: count('f.converted_at IS NOT NULL'),
  conversion_value: sum('f.conversion_value'),
  leads: count('f.lead_at IS NOT NULL'),
  handed_off: count('f.handed_off_at IS NOT NULL'),
  dropped: count(`${settled} AND f.completed_at IS NULL AND f.handed_off_at IS NULL`),
  resolved_settled: count(`${settled} AND f.resolved_at IS NOT NULL`),
  contained: count(`${settled} AND f.handed_off_at IS NULL`),
  abandoned: count(`f.engaged AND ${settled} AND f.resolved_at IS NULL AND f.handed_off_at IS NULL`),
  expects_reply: sum('f.expects_reply_count'),
  answered: sum('f.answered_count'),
  latency_sum: sum('f.latency_sum_ms'),
  latency_count: sum('f.latency_count'),
  // The reply-latency histogram (src/metrics/latency-histogram.ts): quantiles from the rollups.
  ...(Object.fromEntries(latencyBucketNames.map((n) => [n, sum(`f.${n}`)])) as Record<LatencyBucketName, string>),
  csat_count: sum('f.csat_count'),
  csat_sum: sum('f.csat_sum'),
  csat_positive: sum('f.csat_positive'),
  csat_negative: sum('f.csat_negative'),
  intents: sum('f.intent_count'),
  fallbacks: sum('f.fallback_count'),
  labelled_intents: sum('f.labelled_intent_count'),
  correct_intents: sum('f.correct_intent_count'),
  cta_shown: count('f.cta_shown'),
  cta_clicked: count('f.cta_shown AND f.cta_clicked'),
  duration_sum_s: sum('extract(epoch FROM f.last_event_at - f.started_at)', settled),
  inbound: sum('f.inbound_count'),
  outbound: sum('f.outbound_count'),
  sentiment_scored: count('f.sentiment_count > 0'),
  sentiment_positive: count('f.sentiment_count > 0 AND f.sentiment_sum > 0.25 * f.sentiment_count'),
  sentiment_negative: count('f.sentiment_count > 0 AND f.sentiment_sum < -0.25 * f.sentiment_count'),
  resolved: count('f.resolved_at IS NOT NULL'),
  resolved_inbound: sum('f.inbound_count', 'f.resolved_at IS NOT NULL'),
  resolution_time_sum_s: sum('extract(epoch FROM f.resolved_at - f.started_at)', 'f.resolved_at IS NOT NULL'),
  delivery_sent: sum('f.delivery_sent'),
  delivery_delivered: sum('f.delivery_delivered'),
  delivery_rejected: sum('f.delivery_rejected'),
  delivery_expired: sum('f.delivery_expired'),
  delivery_undeliverable: sum('f.delivery_undeliverable'),
  // Outcomes: explicit end outcome, else success when resolved or a goal was met.
  outcome_success: count(`${settled} AND coalesce(f.end_outcome, CASE WHEN f.resolved_at IS NOT NULL OR f.goal_at IS NOT NULL THEN 'success' ELSE 'unsuccessful' END) = 'success'`),
  outcome_mixed: count(`${settled} AND f.end_outcome = 'mixed'`),
  outcome_success_escalated: count(`${settled} AND f.handed_off_at IS NOT NULL AND coalesce(f.end_outcome, CASE WHEN f.resolved_at IS NOT NULL OR f.goal_at IS NOT NULL THEN 'success' ELSE 'unsuccessful' END) = 'success'`),
  outcome_mixed_escalated: count(`${settled} AND f.handed_off_at IS NOT NULL AND f.end_outcome = 'mixed'`),
  escalated_settled: count(`${settled} AND f.handed_off_at IS NOT NULL`),
  // LLM bots (contract v1.1): conversations with a model call, token sums, latency, cost and errors.
  llm_conversations: count('f.llm_calls > 0'),
  llm_calls: sum('f.llm_calls'),
  llm_errors: sum('f.llm_errors'),
  llm_input_tokens: sum('f.llm_input_tokens'),
  llm_output_tokens: sum('f.llm_output_tokens'),
  llm_cached_input_tokens: sum('f.llm_cached_input_tokens'),
  llm_latency_sum: sum('f.llm_latency_sum_ms'),
  llm_latency_count: sum('f.llm_latency_count'),
  llm_latency_sq: sum('f.llm_latency_sq_sum'),
  llm_cost_usd: sum('f.llm_cost_usd'),
  llm_cost_sq: sum('f.llm_cost_usd * f.llm_cost_usd', 'f.llm_calls > 0'),
  llm_unpriced_calls: sum('f.llm_unpriced_calls'),
  llm_cost_handed_off: sum('f.llm_cost_usd', 'f.handed_off_at IS NOT NULL'),
  tool_calls: sum('f.tool_calls'),
  tool_errors: sum('f.tool_errors'),
});

export const aggregateSql = aggregateExpressions(clockSettled);

export type AggregateName = keyof typeof aggregateSql;
export type Aggregates = Record<AggregateName, number> & { users?: number };

export const aggregateNames = Object.keys(aggregateSql) as AggregateName[];

/**
 * The SELECT list of all aggregates, optionally with distinct users (a costlier count).
 * `settled` is SQL for "this conversation is settled" (default: by the clock).
 */
export function aggregateSelect(options: { users: boolean; settled?: string }): string {
  const expressions = options.settled === undefined ? aggregateSql : aggregateExpressions(options.settled);
  const parts = aggregateNames.map((name) => `${expressions[name]} AS ${name}`);
  if (options.users) parts.push('count(DISTINCT f.user_id) AS users');
  return parts.join(',\n  ');
}

/** All-zero aggregates (an empty cohort). */
export function emptyAggregates(): Aggregates {
  return Object.fromEntries(aggregateNames.map((n) => [n, 0])) as Aggregates;
}
