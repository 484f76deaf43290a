import { cohortConditions } from '../cohort.ts';
import type { CohortQuery } from './cohort-query.ts';

/** Unique users: distinct userId among the cohort's conversations, per bot (ids are each bot's own). */
export const countUsers: CohortQuery = async (db, { interval, filter }) => {
  const params: unknown[] = [];
  const [row] = await db.query<{ users: number | null; identified: number | null }>(
    `SELECT sum(users) AS users, sum(identified) AS identified FROM (
       SELECT count(DISTINCT f.user_id) AS users, count(f.user_id) AS identified
       FROM conversation_facts f WHERE ${cohortConditions(interval, filter, params)}
       GROUP BY f.bot_id
     ) per_bot`,
    params,
  );
  if (!row?.identified) return { value: null, reason: 'no conversation in this window carries a userId' };
  return { value: row.users ?? 0, denominator: row.identified };
};
