import type { Queryable } from '../../db/database.ts';
import { cohortConditions } from '../cohort.ts';
import { denominatorConditions, fateLabel, metricCohorts, outcomeConditions } from './fates.ts';
import { totalFromRollups } from './rollup-total.ts';
import type { TotalQuery } from './rollup-total.ts';

export interface ConversationQuery extends TotalQuery {
  /** At least 1. */
  limit: number;
}

export interface ListedConversation {
  botId: string;
  conversationId: string;
  startedAt: Date;
  channel: string | null;
  version: string | null;
  firstIntent: string | null;
  fate: string;
  lastStep: string | null;
  messages: number;
  csat: number | null;
}

/**
 * The matching conversations, newest first, up to `limit`, with how many match in all. Page and
 * total side by side: the page walks each bot's (bot_id, started_at) index backwards and stops at
 * `limit`; the total is the metrics' own aggregate from the hourly rollups when the list is a
 * figure's numerator or denominator (./rollup-total.ts), else counted over the covering cohort
 * index (migration 0014) without the table.
 */
export async function listConversations(db: Queryable, q: ConversationQuery): Promise<{ total: number; conversations: ListedConversation[] }> {
  const params: unknown[] = [new Date(q.now.getTime() - q.idleMinutes * 60_000)];
  const settled = '(f.ended_at IS NOT NULL OR f.last_event_at < $1)';
  const conditions = [cohortConditions(q.interval, q.filter, params)];
  const cohort = q.metric === undefined ? undefined : metricCohorts[q.metric];
  if (q.metric !== undefined) conditions.push(cohort === undefined ? 'FALSE' : denominatorConditions[cohort.denominator]);
  if (q.outcome !== undefined) conditions.push(outcomeConditions[q.outcome]);
  if (q.step !== undefined) {
    params.push(q.step);
    conditions.push(`(f.steps -> -1 ->> 1) = $${params.length}`);
  }
  const where = conditions.map((c) => `(${c})`).join(' AND ').replaceAll('$settled', settled);
  const countParams = [...params];
  params.push(q.limit);
  const limit = `$${params.length}`;
  const columns = `f.bot_id, f.conversation_id, f.started_at, f.channel, f.bot_version, f.first_intent, ${fateLabel.replaceAll('$settled', settled)} AS fate,
       f.steps -> -1 ->> 1 AS last_step, f.inbound_count + f.outbound_count AS messages,
       CASE WHEN f.csat_count > 0 THEN f.csat_sum::float8 / f.csat_count END AS csat`;
  const order = 'started_at DESC, bot_id, conversation_id';
  let page: string;
  if (q.filter.bots.length > 0) {
    // Per bot, so each walks its own index in started_at order (one ANY over several bots cannot).
    params.push(q.filter.bots);
    page = `SELECT p.* FROM unnest($${params.length}::text[]) AS b(bot_id)
       CROSS JOIN LATERAL (SELECT ${columns} FROM conversation_facts f WHERE f.bot_id = b.bot_id AND ${where} ORDER BY f.${order.replaceAll(', ', ', f.')} LIMIT ${limit}) AS p
       ORDER BY p.${order.replaceAll(', ', ', p.')} LIMIT ${limit}`;
  } else {
    page = `SELECT ${columns} FROM conversation_facts f WHERE ${where} ORDER BY f.${order.replaceAll(', ', ', f.')} LIMIT ${limit}`;
  }
  const count = async () => {
    // `$1` (the settled cut-off) typed here too: a filter without a fate condition leaves it unused otherwise.
    const [counted] = await db.query<{ total: string }>(`SELECT count(*) AS total FROM conversation_facts f WHERE ${where} AND $1::timestamptz IS NOT NULL`, countParams);
    return Number(counted?.total ?? 0);
  };
  const [rows, total] = await Promise.all([
    db.query<{ bot_id: string; conversation_id: string; started_at: Date; channel: string | null; bot_version: string | null; first_intent: string | null; fate: string; last_step: string | null; messages: number; csat: number | null }>(page, params),
    totalFromRollups(db, q).then((fromRollups) => fromRollups ?? count()),
  ]);
  return {
    total,
    conversations: rows.map((r) => ({
      botId: r.bot_id,
      conversationId: r.conversation_id,
      startedAt: new Date(r.started_at),
      channel: r.channel,
      version: r.bot_version,
      firstIntent: r.first_intent,
      fate: r.fate,
      lastStep: r.last_step,
      messages: Number(r.messages),
      csat: r.csat === null ? null : Number(r.csat),
    })),
  };
}
