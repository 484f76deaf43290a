import { z } from 'zod';
import type { Queryable } from '../../db/database.ts';
import type { RasaSenderState } from '../../import/rasa/sender-state.ts';

const button = z.object({ title: z.string(), payload: z.string() });
const savedState = z.object({
  conversationId: z.string(),
  channel: z.string().optional(),
  lastTime: z.string().optional(),
  awaitingAnswerSince: z.number().optional(),
  activeForm: z.string().optional(),
  lastAction: z.string().optional(),
  buttons: z.array(button),
  sameStamp: z.object({ stamp: z.string(), seen: z.array(z.tuple([z.string(), z.number()])) }),
});

/** A sender's state as stored, with the messages (body fingerprints) the transaction that stored it settled. */
export interface StoredSender {
  state: RasaSenderState;
  messages: string[];
}

/** The senders' states as stored, and the senders whose stored state is not one (they start afresh). */
export interface LoadedStates {
  states: Map<string, StoredSender>;
  unreadable: string[];
}

/** The stored states of these senders of a bot (one query, whatever their number). */
export async function loadSenderStates(db: Queryable, botId: string, senderIds: readonly string[]): Promise<LoadedStates> {
  const loaded: LoadedStates = { states: new Map(), unreadable: [] };
  if (senderIds.length === 0) return loaded;
  const rows = await db.query<{ sender_id: string; state: unknown; messages: string[] }>(
    'SELECT sender_id, state, messages FROM rasa_sender_state WHERE bot_id = $1 AND sender_id = ANY($2::text[])',
    [botId, senderIds],
  );
  for (const row of rows) {
    const parsed = savedState.safeParse(row.state);
    if (parsed.success) loaded.states.set(row.sender_id, { state: stripUndefined(parsed.data), messages: row.messages });
    else loaded.unreadable.push(row.sender_id);
  }
  return loaded;
}

/** Stores senders' states (in the caller's transaction: the one storing their events), in key order. */
export async function saveSenderStates(tx: Queryable, botId: string, states: ReadonlyMap<string, StoredSender>): Promise<void> {
  if (states.size === 0) return;
  const senders = [...states.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  // Each sender's messages as one JSON array: unnest would flatten a two-dimensional text[].
  await tx.query(
    `INSERT INTO rasa_sender_state (bot_id, sender_id, state, messages, updated_at)
     SELECT $1, sender_id, state, ARRAY(SELECT jsonb_array_elements_text(messages)), now()
     FROM unnest($2::text[], $3::jsonb[], $4::jsonb[]) AS t(sender_id, state, messages)
     ON CONFLICT (bot_id, sender_id) DO UPDATE SET state = excluded.state, messages = excluded.messages, updated_at = excluded.updated_at`,
    [botId, senders.map(([s]) => s), senders.map(([, s]) => JSON.stringify(s.state)), senders.map(([, s]) => JSON.stringify(s.messages))],
  );
}

/** zod's optional fields as absent, not undefined (exact optional property types). */
function stripUndefined(state: z.infer<typeof savedState>): RasaSenderState {
  return JSON.parse(JSON.stringify(state)) as RasaSenderState;
}
