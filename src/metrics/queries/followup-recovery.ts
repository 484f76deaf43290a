import { cohortConditions } from '../cohort.ts';
import type { CohortQuery } from './cohort-query.ts';

/**
 * Follow-up recovery: users sent a follow-up (a conversation's first `followup.sent`) who then
 * converted or completed a goal, in any conversation with the same bot, within 7 days ÷ users sent one.
 */
export const followupRecoveryRate: CohortQuery = async (db, { interval, filter }) => {
  const params: unknown[] = [];
  const where = cohortConditions(interval, filter, params);
  const [row] = await db.query<{ users: number; recovered: number }>(
    `WITH sent AS (
       SELECT f.bot_id, f.user_id, f.followup_at FROM conversation_facts f
       WHERE ${where} AND f.followup_at IS NOT NULL AND f.user_id IS NOT NULL
     ), judged AS (
       SELECT s.bot_id, s.user_id, EXISTS (
         SELECT 1 FROM conversation_facts g
         JOIN events e ON e.bot_id = g.bot_id AND e.conversation_id = g.conversation_id
         WHERE g.bot_id = s.bot_id AND g.user_id = s.user_id
           AND g.last_event_at >= s.followup_at AND g.started_at <= s.followup_at + interval '7 days'
           AND e.type IN ('goal.completed', 'conversion')
           AND e.ts >= s.followup_at AND e.ts <= s.followup_at + interval '7 days') AS recovered
       FROM sent s
     )
     SELECT count(DISTINCT (bot_id, user_id)) AS users,
            count(DISTINCT (bot_id, user_id)) FILTER (WHERE recovered) AS recovered
     FROM judged`,
    params,
  );
  if (!row || row.users === 0) return { value: null, reason: 'no follow-ups sent to identified users in this window' };
  return { value: row.recovered / row.users, numerator: row.recovered, denominator: row.users };
};
