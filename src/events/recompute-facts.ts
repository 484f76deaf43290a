import type { Queryable } from '../db/database.ts';
import { callCostSql, eventPriceJoinSql } from '../llm/price-sql.ts';
import { latencyBucketCondition, latencyBucketNames } from '../metrics/latency-histogram.ts';
import { llmGroupRollupDeltaSql, llmGroupsFactSql } from '../metrics/rollups/llm-group-rollups.ts';
import { rollupDeltaSql } from '../metrics/rollups/rollup-columns.ts';
import { scoreRollupDeltaSql, scoresFactSql } from '../metrics/rollups/score-rollups.ts';
import { stepRollupDeltaSql } from '../metrics/rollups/step-rollups.ts';

/**
 * Recomputes `conversation_facts` (what every metric reads) for the given conversations from all of their
 * stored events, so late and out-of-order events give the same facts as ordered ones and running
 * it twice changes nothing. Settled-ness is not stored: it depends on the clock (query time).
 */
export async function recomputeFacts(tx: Queryable, conversations: { botIds: string[]; conversationIds: string[] }): Promise<void> {
  if (conversations.botIds.length === 0) return;
  const emptied = await tx.query<EmptiedRollup>(recomputeSql, [conversations.botIds, conversations.conversationIds]);
  if (emptied.length > 0) await removeEmptiedRollups(tx, emptied);
}

/** A rollup row the update left counting no conversation: its key, and which table (`rollup`). */
interface EmptiedRollup {
  rollup: 'facts' | 'steps' | 'llm_groups' | 'scores';
  bot_id: string;
  hour: Date;
  bot_version: string;
  channel: string;
  first_intent: string;
  /** flow and step for step_rollups; dimension and value for llm_group_rollups; name and label for score_rollups. */
  a: string | null;
  b: string | null;
}

/**
 * Deletes rollup rows that count no conversation any more (a late event moved a conversation to an
 * earlier hour, so its old hour's row went back to zero). Checked again under the row lock: a
 * concurrent batch may have counted a conversation there meanwhile.
 */
async function removeEmptiedRollups(tx: Queryable, emptied: readonly EmptiedRollup[]): Promise<void> {
  const facts = emptied.filter((r) => r.rollup === 'facts');
  const steps = emptied.filter((r) => r.rollup === 'steps');
  const groups = emptied.filter((r) => r.rollup === 'llm_groups');
  const scores = emptied.filter((r) => r.rollup === 'scores');
  const keyParams = (rows: readonly EmptiedRollup[]) => [rows.map((r) => r.bot_id), rows.map((r) => r.hour), rows.map((r) => r.bot_version), rows.map((r) => r.channel), rows.map((r) => r.first_intent)];
  const keyMatch = `r.bot_id = k.bot_id AND r.hour = k.hour AND r.bot_version = k.bot_version AND r.channel = k.channel AND r.first_intent = k.first_intent`;
  const keys = `unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[]`;
  if (facts.length > 0) {
    await tx.query(`DELETE FROM fact_rollups r USING ${keys}) AS k(bot_id, hour, bot_version, channel, first_intent) WHERE ${keyMatch} AND r.conversations = 0`, keyParams(facts));
  }
  if (steps.length > 0) {
    await tx.query(
      `DELETE FROM step_rollups r USING ${keys}, $6::text[], $7::text[]) AS k(bot_id, hour, bot_version, channel, first_intent, flow, step)
       WHERE ${keyMatch} AND r.flow = k.flow AND r.step = k.step AND r.reached = 0`,
      [...keyParams(steps), steps.map((r) => r.a), steps.map((r) => r.b)],
    );
  }
  if (groups.length > 0) {
    await tx.query(
      `DELETE FROM llm_group_rollups r USING ${keys}, $6::text[], $7::text[]) AS k(bot_id, hour, bot_version, channel, first_intent, dimension, value)
       WHERE ${keyMatch} AND r.dimension = k.dimension AND r.value = k.value AND r.conversations = 0`,
      [...keyParams(groups), groups.map((r) => r.a), groups.map((r) => r.b)],
    );
  }
  if (scores.length > 0) {
    await tx.query(
      `DELETE FROM score_rollups r USING ${keys}, $6::text[], $7::text[]) AS k(bot_id, hour, bot_version, channel, first_intent, name, label)
       WHERE ${keyMatch} AND r.name = k.name AND r.label = k.label AND r.scores = 0`,
      [...keyParams(scores), scores.map((r) => r.a), scores.map((r) => r.b)],
    );
  }
}

const first = (column: string, condition = `${column} IS NOT NULL`) => `(array_agg(${column} ORDER BY ts, id) FILTER (WHERE ${condition}))[1]`;
const firstAt = (condition: string) => `min(ts) FILTER (WHERE ${condition})`;
const countIf = (condition: string) => `count(*) FILTER (WHERE ${condition})`;

/** Column name → aggregate over the conversation's events (`ev`). */
const facts: Record<string, string> = {
  started_at: 'min(ts)',
  last_event_at: 'max(ts)',
  user_id: first('user_id'),
  bot_version: first('bot_version'),
  channel: first('channel'),
  // The conversation's intent: the first one recognised (fallbacks are not intents).
  first_intent: first('intent', `type = 'intent.detected' AND fallback IS NOT TRUE`),
  event_count: 'count(*)',
  inbound_count: countIf(`type = 'message.received'`),
  outbound_count: countIf(`type = 'message.sent'`),
  expects_reply_count: countIf(`type = 'message.sent' AND expects_reply`),
  // Response rate: a prompt counts as answered when a user message follows it.
  answered_count: countIf(`type = 'message.sent' AND expects_reply AND ts < last_received_at`),
  latency_sum_ms: `coalesce(sum(latency_ms) FILTER (WHERE type = 'message.sent'), 0)`,
  latency_count: countIf(`type = 'message.sent' AND latency_ms IS NOT NULL`),
  // How many replies fell in each bucket of the latency histogram (src/metrics/latency-histogram.ts).
  ...Object.fromEntries(latencyBucketNames.map((name, k) => [name, countIf(`type = 'message.sent' AND ${latencyBucketCondition('latency_ms', k)}`)])),
  // Engaged: continued beyond the first message, or entered a flow/goal/escalation (§2).
  engaged: `${countIf(`type = 'message.received'`)} >= 2 OR bool_or(type IN ('step.reached', 'goal.completed', 'lead.captured', 'conversion', 'handoff', 'cta.clicked'))`,
  ended_at: `max(ts) FILTER (WHERE type = 'conversation.ended')`,
  end_outcome: `(array_agg(outcome ORDER BY ts DESC, id DESC) FILTER (WHERE type = 'conversation.ended' AND outcome IS NOT NULL))[1]`,
  handed_off_at: firstAt(`type = 'handoff'`),
  completed_at: firstAt(`type = 'step.reached' AND final`),
  resolved_at: firstAt(`type = 'resolved' OR (type = 'conversation.ended' AND outcome = 'success')`),
  goal_at: firstAt(`type = 'goal.completed'`),
  lead_at: firstAt(`type = 'lead.captured'`),
  converted_at: firstAt(`type = 'conversion'`),
  conversion_value: `sum(value) FILTER (WHERE type = 'conversion')`,
  cta_shown: `coalesce(bool_or(type = 'message.sent' AND cardinality(ctas) > 0), false)`,
  cta_clicked: `coalesce(bool_or(type = 'cta.clicked'), false)`,
  followup_at: firstAt(`type = 'followup.sent'`),
  csat_count: countIf(`type = 'csat'`),
  csat_sum: `coalesce(sum(csat_score) FILTER (WHERE type = 'csat'), 0)`,
  csat_positive: countIf(`type = 'csat' AND csat_score >= 4`),
  csat_negative: countIf(`type = 'csat' AND csat_score <= 2`),
  sentiment_sum: `coalesce(sum(sentiment) FILTER (WHERE type = 'sentiment'), 0)`,
  sentiment_count: countIf(`type = 'sentiment'`),
  intent_count: countIf(`type = 'intent.detected'`),
  fallback_count: countIf(`type = 'intent.detected' AND fallback`),
  labelled_intent_count: countIf(`type = 'intent.detected' AND correct IS NOT NULL`),
  correct_intent_count: countIf(`type = 'intent.detected' AND correct`),
  delivery_sent: countIf(`type = 'delivery' AND status = 'sent'`),
  delivery_delivered: countIf(`type = 'delivery' AND status = 'delivered'`),
  delivery_rejected: countIf(`type = 'delivery' AND status = 'rejected'`),
  delivery_expired: countIf(`type = 'delivery' AND status = 'expired'`),
  delivery_undeliverable: countIf(`type = 'delivery' AND status = 'undeliverable'`),
  flows: `coalesce(array_agg(DISTINCT flow) FILTER (WHERE type = 'step.reached'), '{}')`,
  // LLM bots: token sums, calls, latency and cost (call_cost: NULL when the model has no price).
  llm_calls: countIf(`type = 'llm.call'`),
  llm_errors: countIf(`type = 'llm.call' AND error IS NOT NULL`),
  llm_input_tokens: `coalesce(sum(input_tokens) FILTER (WHERE type = 'llm.call'), 0)`,
  llm_output_tokens: `coalesce(sum(output_tokens) FILTER (WHERE type = 'llm.call'), 0)`,
  llm_cached_input_tokens: `coalesce(sum(cached_input_tokens) FILTER (WHERE type = 'llm.call'), 0)`,
  llm_latency_sum_ms: `coalesce(sum(latency_ms) FILTER (WHERE type = 'llm.call'), 0)`,
  llm_latency_count: countIf(`type = 'llm.call' AND latency_ms IS NOT NULL`),
  llm_latency_sq_sum: `coalesce(sum(latency_ms::numeric * latency_ms) FILTER (WHERE type = 'llm.call'), 0)`,
  llm_cost_usd: `coalesce(sum(call_cost), 0)`,
  llm_unpriced_calls: countIf(`type = 'llm.call' AND call_cost IS NULL`),
  tool_calls: countIf(`type = 'tool.call'`),
  tool_errors: countIf(`type = 'tool.call' AND error IS NOT NULL`),
  // Named scores (evaluations, user feedback): their sums per name and label are in `scores`.
  score_count: countIf(`type = 'score'`),
};

/**
 * Computed apart: each step's first reach needs its own grouping. Funnels read it, with each
 * step's position among its flow's steps in this conversation: [[flow, step, epoch_s, final, position], …].
 */
const stepsSql = `(
    SELECT jsonb_agg(jsonb_build_array(s.flow, s.step, s.first_at, s.final, s.position) ORDER BY s.first_at, s.flow, s.step)
    FROM (
      SELECT *, row_number() OVER (PARTITION BY flow ORDER BY first_at, step) AS position
      FROM (
        SELECT flow, step, extract(epoch FROM min(ts))::float8 AS first_at, bool_or(coalesce(final, false)) AS final
        FROM events e2
        WHERE e2.bot_id = t.bot_id AND e2.conversation_id = t.conversation_id AND e2.type = 'step.reached'
        GROUP BY flow, step
      ) first_reach
    ) s
  )`;

const columns = Object.keys(facts);

// LATERAL keeps the plan to one index range scan per conversation, whatever the statistics say.
// One statement: the `previous` CTE still sees the facts as they were before the upsert (a
// statement sees one snapshot), so the rollups get exactly new contribution minus old. (A
// data-modifying WITH runs to completion whether or not anything reads it.) It returns the rollup
// rows it left counting no conversation, which the next statement removes (this one cannot see them).
const recomputeSql = `
WITH previous AS (
  SELECT f.* FROM unnest($1::text[], $2::text[]) AS t(bot_id, conversation_id)
  CROSS JOIN LATERAL (SELECT * FROM conversation_facts f WHERE f.bot_id = t.bot_id AND f.conversation_id = t.conversation_id) f
  WHERE f.event_count > 0 -- a row the ingest lock just created holds no events yet: nothing to subtract
), recomputed AS (
  INSERT INTO conversation_facts (bot_id, conversation_id, ${columns.join(', ')}, steps, llm_groups, scores, updated_at)
  SELECT t.bot_id, t.conversation_id, f.*, CASE WHEN cardinality(f.flows) > 0 THEN ${stepsSql} END,
    CASE WHEN f.llm_calls > 0 THEN ${llmGroupsFactSql} END, CASE WHEN f.score_count > 0 THEN ${scoresFactSql} END, now()
  FROM unnest($1::text[], $2::text[]) AS t(bot_id, conversation_id)
  CROSS JOIN LATERAL (
    SELECT ${columns.map((c) => `${facts[c]} AS ${c}`).join(',\n      ')}
    FROM (
      SELECT e.*, max(e.ts) FILTER (WHERE e.type = 'message.received') OVER () AS last_received_at, ${callCostSql('price')} AS call_cost
      FROM events e
      ${eventPriceJoinSql('price')}
      WHERE e.bot_id = t.bot_id AND e.conversation_id = t.conversation_id
    ) ev
  ) f
  WHERE f.started_at IS NOT NULL
  ON CONFLICT (bot_id, conversation_id) DO UPDATE SET
    ${columns.map((c) => `${c} = excluded.${c}`).join(',\n    ')},
    steps = excluded.steps,
    llm_groups = excluded.llm_groups,
    scores = excluded.scores,
    updated_at = excluded.updated_at
  RETURNING *
), fact_rollup_delta AS (
${rollupDeltaSql('recomputed', 'previous')}
  RETURNING bot_id, hour, bot_version, channel, first_intent, conversations
), step_rollup_delta AS (
${stepRollupDeltaSql('recomputed', 'previous')}
  RETURNING bot_id, hour, bot_version, channel, first_intent, flow, step, reached
), llm_group_rollup_delta AS (
${llmGroupRollupDeltaSql('recomputed', 'previous')}
  RETURNING bot_id, hour, bot_version, channel, first_intent, dimension, value, conversations
), score_rollup_delta AS (
${scoreRollupDeltaSql('recomputed', 'previous')}
  RETURNING bot_id, hour, bot_version, channel, first_intent, name, label, scores
)
SELECT 'facts' AS rollup, bot_id, hour, bot_version, channel, first_intent, NULL::text AS a, NULL::text AS b FROM fact_rollup_delta WHERE conversations = 0
UNION ALL
SELECT 'steps', bot_id, hour, bot_version, channel, first_intent, flow, step FROM step_rollup_delta WHERE reached = 0
UNION ALL
SELECT 'llm_groups', bot_id, hour, bot_version, channel, first_intent, dimension, value FROM llm_group_rollup_delta WHERE conversations = 0
UNION ALL
SELECT 'scores', bot_id, hour, bot_version, channel, first_intent, name, label FROM score_rollup_delta WHERE scores = 0`;
