import type { Database } from '../db/database.ts';
import { recomputeFacts } from '../events/recompute-facts.ts';
import { priceMatchSql } from './price-sql.ts';

/** Conversations recomputed per transaction (each holds their fact rows' locks). */
const batchSize = 500;

/**
 * Applies the current price table to stored history: recomputes the facts (and through them the
 * rollups) of every conversation with an `llm.call` of a model the price `model` matches and no
 * explicit costUsd. A price change is therefore retroactive. Returns how many were recomputed.
 */
export async function repriceConversations(db: Database, model: string): Promise<number> {
  const conversations = await db.query<{ bot_id: string; conversation_id: string }>(
    `SELECT DISTINCT e.bot_id, e.conversation_id FROM events e
     WHERE e.type = 'llm.call' AND e.cost_usd IS NULL AND ${priceMatchSql('e.model', '$1::text')}
     ORDER BY e.bot_id, e.conversation_id`,
    [model],
  );
  for (let i = 0; i < conversations.length; i += batchSize) {
    const batch = conversations.slice(i, i + batchSize);
    const keys = { botIds: batch.map((c) => c.bot_id), conversationIds: batch.map((c) => c.conversation_id) };
    await db.transaction(async (tx) => {
      // The same lock order as ingest (key order), so a concurrent batch waits rather than deadlocks.
      await tx.query(
        `SELECT 1 FROM conversation_facts f JOIN unnest($1::text[], $2::text[]) AS t(bot_id, conversation_id)
           ON f.bot_id = t.bot_id AND f.conversation_id = t.conversation_id
         ORDER BY f.bot_id, f.conversation_id FOR UPDATE OF f`,
        [keys.botIds, keys.conversationIds],
      );
      await recomputeFacts(tx, keys);
    });
  }
  return conversations.length;
}
