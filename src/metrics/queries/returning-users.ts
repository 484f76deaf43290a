import { cohortConditions } from '../cohort.ts';
import type { CohortQuery } from './cohort-query.ts';

/**
 * Returning users: of the window's users, those who had a conversation with the same bot before
 * one of theirs in the window — i.e. at least two conversations started before the window ends.
 */
export const returningUserRate: CohortQuery = async (db, { interval, filter }) => {
  const params: unknown[] = [];
  const where = cohortConditions(interval, filter, params);
  const [row] = await db.query<{ users: number; returning: number }>(
    `WITH window_users AS (
       SELECT DISTINCT f.bot_id, f.user_id FROM conversation_facts f WHERE ${where} AND f.user_id IS NOT NULL
     )
     SELECT count(*) AS users,
            count(*) FILTER (WHERE (
              SELECT count(*) FROM (
                SELECT 1 FROM conversation_facts g
                WHERE g.bot_id = u.bot_id AND g.user_id = u.user_id AND g.started_at < $2
                LIMIT 2) two) = 2) AS returning
     FROM window_users u`,
    params,
  );
  if (!row || row.users === 0) return { value: null, reason: 'no conversation in this window carries a userId' };
  return { value: row.returning / row.users, numerator: row.returning, denominator: row.users };
};
