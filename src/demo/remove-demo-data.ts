import type { Database } from '../db/database.ts';
import { demoBotIds } from './demo-plan.ts';

/**
 * Deletes everything stored for the demo bots (events, conversation facts, rollups, the bots),
 * in one transaction. Other bots' data is untouched. Returns the events deleted.
 */
export async function removeDemoData(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const bots = [demoBotIds];
    const [deleted] = await tx.query<{ events: number }>('WITH gone AS (DELETE FROM events WHERE bot_id = ANY($1::text[]) RETURNING 1) SELECT count(*)::int AS events FROM gone', bots);
    await tx.query('DELETE FROM conversation_facts WHERE bot_id = ANY($1::text[])', bots);
    await tx.query('DELETE FROM fact_rollups WHERE bot_id = ANY($1::text[])', bots);
    await tx.query('DELETE FROM step_rollups WHERE bot_id = ANY($1::text[])', bots);
    await tx.query('DELETE FROM llm_group_rollups WHERE bot_id = ANY($1::text[])', bots);
    await tx.query('DELETE FROM score_rollups WHERE bot_id = ANY($1::text[])', bots);
    await tx.query('DELETE FROM bot_event_types WHERE bot_id = ANY($1::text[])', bots);
    await tx.query('DELETE FROM bots WHERE bot_id = ANY($1::text[])', bots);
    return deleted?.events ?? 0;
  });
}

/** Whether any bot has sent anything: an empty database is the only kind a demo is loaded into. */
export async function hasAnyBot(db: Database): Promise<boolean> {
  const [row] = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM bots) AS any');
  return row?.any === true;
}
