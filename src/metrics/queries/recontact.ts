import { cohortConditions } from '../cohort.ts';
import type { CohortQuery } from './cohort-query.ts';

/**
 * Re-contact: resolved conversations whose user started another conversation with the same bot
 * within 24 h of the resolution ÷ resolved conversations (those with a userId: others cannot be followed).
 */
export const recontactRate: CohortQuery = async (db, { interval, filter }) => {
  const params: unknown[] = [];
  const where = cohortConditions(interval, filter, params);
  const [row] = await db.query<{ resolved: number; recontacted: number }>(
    `SELECT count(*) AS resolved,
            count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM conversation_facts g
              WHERE g.bot_id = f.bot_id AND g.user_id = f.user_id AND g.conversation_id <> f.conversation_id
                AND g.started_at > f.resolved_at AND g.started_at <= f.resolved_at + interval '24 hours')) AS recontacted
     FROM conversation_facts f
     WHERE ${where} AND f.resolved_at IS NOT NULL AND f.user_id IS NOT NULL`,
    params,
  );
  if (!row || row.resolved === 0) return { value: null, reason: 'no resolved conversations with a userId in this window' };
  return { value: row.recontacted / row.resolved, numerator: row.recontacted, denominator: row.resolved };
};
