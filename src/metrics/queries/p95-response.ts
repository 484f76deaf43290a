import { cohortConditions } from '../cohort.ts';
import type { CohortQuery } from './cohort-query.ts';

/** 95th percentile of latencyMs over the bot messages of the cohort's conversations. */
export const p95ResponseMs: CohortQuery = async (db, { interval, filter }) => {
  const params: unknown[] = [];
  const where = cohortConditions(interval, filter, params);
  const [row] = await db.query<{ p95: number | null; n: number }>(
    `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY e.latency_ms) AS p95, count(*) AS n
     FROM conversation_facts f
     JOIN events e ON e.bot_id = f.bot_id AND e.conversation_id = f.conversation_id
     WHERE ${where} AND e.type = 'message.sent' AND e.latency_ms IS NOT NULL
       AND e.ts >= $1`, // a conversation's events are not older than its start: prunes partitions
    params,
  );
  if (!row || row.n === 0 || row.p95 === null) return { value: null, reason: 'no bot messages with latencyMs in this window' };
  return { value: Math.round(row.p95), denominator: row.n };
};
