import { cohortConditions } from '../cohort.ts';
import type { CohortQuery } from './cohort-query.ts';

/** Unique users: distinct userId among the cohort's conversations (per bot: ids are the bot's own). */
export const countUsers: CohortQuery = async (db, { interval, filter }) => {
  const params: unknown[] = [];
  const [row] = await db.query<{ users: number; identified: number }>(
    `SELECT count(DISTINCT (f.bot_id, f.user_id)) FILTER (WHERE f.user_id IS NOT NULL) AS users,
            count(*) FILTER (WHERE f.user_id IS NOT NULL) AS identified
     FROM conversation_facts f WHERE ${cohortConditions(interval, filter, params)}`,
    params,
  );
  if (!row || row.identified === 0) return { value: null, reason: 'no conversation in this window carries a userId' };
  return { value: row.users, denominator: row.identified };
};
