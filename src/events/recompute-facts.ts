import type { Queryable } from '../db/database.ts';
import { rollupDeltaSql } from '../metrics/rollups/rollup-columns.ts';
import { stepRollupDeltaSql } from '../metrics/rollups/step-rollups.ts';

/**
 * Recomputes `conversation_facts` (what every metric reads) for the given conversations from all of their
 * stored events, so late and out-of-order events give the same facts as ordered ones and running
 * it twice changes nothing. Settled-ness is not stored: it depends on the clock (query time).
 */
export async function recomputeFacts(tx: Queryable, conversations: { botIds: string[]; conversationIds: string[] }): Promise<void> {
  if (conversations.botIds.length === 0) return;
  await tx.query(recomputeSql, [conversations.botIds, conversations.conversationIds]);
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
// data-modifying WITH runs to completion whether or not anything reads it.)
const recomputeSql = `
WITH previous AS (
  SELECT f.* FROM unnest($1::text[], $2::text[]) AS t(bot_id, conversation_id)
  CROSS JOIN LATERAL (SELECT * FROM conversation_facts f WHERE f.bot_id = t.bot_id AND f.conversation_id = t.conversation_id) f
  WHERE f.event_count > 0 -- a row the ingest lock just created holds no events yet: nothing to subtract
), recomputed AS (
  INSERT INTO conversation_facts (bot_id, conversation_id, ${columns.join(', ')}, steps, updated_at)
  SELECT t.bot_id, t.conversation_id, f.*, CASE WHEN cardinality(f.flows) > 0 THEN ${stepsSql} END, now()
  FROM unnest($1::text[], $2::text[]) AS t(bot_id, conversation_id)
  CROSS JOIN LATERAL (
    SELECT ${columns.map((c) => `${facts[c]} AS ${c}`).join(',\n      ')}
    FROM (
      SELECT e.*, max(e.ts) FILTER (WHERE e.type = 'message.received') OVER () AS last_received_at
      FROM events e
      WHERE e.bot_id = t.bot_id AND e.conversation_id = t.conversation_id
    ) ev
  ) f
  WHERE f.started_at IS NOT NULL
  ON CONFLICT (bot_id, conversation_id) DO UPDATE SET
    ${columns.map((c) => `${c} = excluded.${c}`).join(',\n    ')},
    steps = excluded.steps,
    updated_at = excluded.updated_at
  RETURNING *
), fact_rollup_delta AS (
${rollupDeltaSql('recomputed', 'previous')}
  RETURNING 1
)
${stepRollupDeltaSql('recomputed', 'previous')}`;
