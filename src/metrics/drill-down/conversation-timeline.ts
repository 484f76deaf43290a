import type { Queryable } from '../../db/database.ts';

/** One event of a conversation, as its timeline shows it. */
export interface TimelineEvent {
  at: Date;
  type: string;
  /** The message text, when the deployment stores it (BOTWATCH_STORE_MESSAGE_TEXT). */
  text: string | null;
  detail: string;
}

const maxEvents = 200;

/**
 * The bots that have a conversation with this id (ids are each bot's own, so several may). Without
 * a bot, one primary-key probe per known bot: facts are keyed (bot_id, conversation_id), and a
 * search on the id alone would read the whole key (0.8 s at a million conversations).
 */
export async function botsWithConversation(db: Queryable, conversationId: string, bot?: string): Promise<string[]> {
  const rows = await db.query<{ bot_id: string }>(
    bot === undefined
      ? `SELECT b.bot_id FROM bots b
         WHERE EXISTS (SELECT 1 FROM conversation_facts f WHERE f.bot_id = b.bot_id AND f.conversation_id = $1)
         ORDER BY b.bot_id LIMIT 10`
      : 'SELECT bot_id FROM conversation_facts WHERE conversation_id = $1 AND bot_id = $2',
    bot === undefined ? [conversationId] : [conversationId, bot],
  );
  return rows.map((r) => r.bot_id);
}

/** A conversation's events in order (the first 200), each with a short description. */
export async function conversationTimeline(db: Queryable, bot: string, conversationId: string): Promise<{ events: TimelineEvent[]; total: number }> {
  const rows = await db.query<{ ts: Date; type: string; text: string | null; detail: string | null; total: string }>(
    `SELECT ts, type, attrs ->> 'text' AS text,
       concat_ws(' · ',
         CASE WHEN type = 'intent.detected' THEN intent || CASE WHEN fallback THEN ' (fallback)' ELSE '' END END,
         CASE WHEN type = 'step.reached' THEN flow || ' › ' || step || CASE WHEN final THEN ' (final)' ELSE '' END END,
         CASE WHEN latency_ms IS NOT NULL THEN latency_ms || ' ms' END,
         goal, cta, outcome, status,
         CASE WHEN csat_score IS NOT NULL THEN 'score ' || csat_score END,
         CASE WHEN sentiment IS NOT NULL THEN 'sentiment ' || round(sentiment::numeric, 2) END,
         CASE WHEN value IS NOT NULL THEN value || coalesce(' ' || currency, '') END,
         attrs ->> 'reason', attrs ->> 'queue') AS detail,
       count(*) OVER () AS total
     FROM events WHERE bot_id = $1 AND conversation_id = $2
     ORDER BY ts, id LIMIT ${maxEvents}`,
    [bot, conversationId],
  );
  return {
    total: rows.length === 0 ? 0 : Number(rows[0]!.total),
    events: rows.map((r) => ({ at: new Date(r.ts), type: r.type, text: r.text, detail: r.detail ?? '' })),
  };
}
