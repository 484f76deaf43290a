import type { Database, Queryable } from '../db/database.ts';
import type { EventRow } from './event-row.ts';
import { ensureEventPartitions, monthKey } from './partitions.ts';
import { recomputeFacts } from './recompute-facts.ts';

export interface StoreResult {
  /** Newly stored events. */
  accepted: number;
  /** Events whose (bot, conversation, id) was already stored, or repeated within the batch. */
  duplicate: number;
  /** Positions (in the rows given) of events not stored because their month would need one partition too many. */
  refused: { index: number; message: string }[];
}

export interface StoreOptions {
  /** How many new monthly partitions this batch may create (default: as many as it needs). */
  maxNewPartitions?: number;
  /** More work that must commit with the events, or not at all (run even when no event is new). */
  alsoInTransaction?: (tx: Queryable) => Promise<void>;
}

/** Columns and SQL types of an event row, in `json_to_recordset` form. */
const recordType = `r(bot_id text, conversation_id text, id text, ts timestamptz, type text, user_id text, bot_version text,
  channel text, intent text, confidence float8, fallback boolean, correct boolean, flow text, step text, final boolean,
  goal text, cta text, ctas text[], value numeric, currency text, expects_reply boolean, latency_ms integer,
  csat_score smallint, sentiment float8, status text, outcome text, model text, provider text, tool text, input_tokens bigint, output_tokens bigint,
  cached_input_tokens bigint, cost_usd numeric, error text, score_name text, score_label text, attrs jsonb)`;
const eventColumns = `bot_id, conversation_id, id, ts, type, user_id, bot_version, channel, intent, confidence, fallback, correct,
  flow, step, final, goal, cta, ctas, value, currency, expects_reply, latency_ms, csat_score, sentiment, status, outcome, model, provider, tool, input_tokens, output_tokens,
  cached_input_tokens, cost_usd, error, score_name, score_label, attrs`;

/**
 * Stores a batch of valid events and recomputes the facts of every conversation it touches, all in
 * one transaction: a crash leaves none of the batch, so a client retry is exact.
 *
 * Concurrency: the conversations' fact rows are locked first (in key order, so two batches cannot
 * deadlock). A second batch touching the same conversation waits, then sees the first's events —
 * so duplicates are caught and facts are computed from every event, whatever the interleaving.
 */
export async function storeEvents(db: Database, rows: readonly EventRow[], options: StoreOptions = {}): Promise<StoreResult> {
  const also = options.alsoInTransaction;
  let unique = dedupeWithinBatch(rows);
  if (unique.length === 0) {
    if (also !== undefined) await db.transaction(also);
    return { accepted: 0, duplicate: rows.length, refused: [] };
  }
  const maxNew = options.maxNewPartitions;
  const missing = await ensureEventPartitions(db, unique.map((r) => monthKey(r.ts)), maxNew);
  const refused: StoreResult['refused'] = [];
  if (missing.size > 0) {
    const message = `falls in a month this deployment holds no events for yet, and this request already opens ${maxNew} new months (the most one request may); send it again in another request`;
    rows.forEach((r, index) => {
      if (missing.has(monthKey(r.ts))) refused.push({ index, message });
    });
    unique = unique.filter((r) => !missing.has(monthKey(r.ts)));
    if (unique.length === 0) {
      if (also !== undefined) await db.transaction(also);
      return { accepted: 0, duplicate: rows.length - refused.length, refused };
    }
  }

  const conversations = distinctConversations(unique);
  const accepted = await db.transaction(async (tx) => {
    // Locks the conversations' fact rows, creating those that are new. A conversation whose row is
    // created here has no stored events (events are only stored through here, after this row), so
    // its events need no duplicate check against the table.
    const locked = await tx.query<{ bot_id: string; conversation_id: string; created: boolean }>(
      `INSERT INTO conversation_facts (bot_id, conversation_id, started_at, last_event_at)
       SELECT bot_id, conversation_id, min(ts), max(ts)
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS t(bot_id, conversation_id, ts)
       GROUP BY bot_id, conversation_id
       ORDER BY bot_id, conversation_id
       ON CONFLICT (bot_id, conversation_id) DO UPDATE SET updated_at = now()
       RETURNING bot_id, conversation_id, xmax = 0 AS created`,
      [conversations.botIds, conversations.conversationIds, conversations.firstTs],
    );
    const created = new Set(locked.filter((r) => r.created).map(conversationKey));
    const fresh = unique.filter((r) => created.has(conversationKey(r)));
    const known = fresh.length === unique.length ? [] : unique.filter((r) => !created.has(conversationKey(r)));
    const inserted = [...(await insertEvents(tx, fresh, false)), ...(await insertEvents(tx, known, true))];
    const changed = distinctConversations(inserted.map((r) => ({ ...r, ts: '' })));
    await recomputeFacts(tx, changed);
    if (inserted.length > 0) await touchBots(tx, unique);
    await also?.(tx);
    return inserted.length;
  });
  return { accepted, duplicate: rows.length - refused.length - accepted, refused };
}

const conversationKey = (r: { bot_id: string; conversation_id: string }) => `${r.bot_id}\u0000${r.conversation_id}`;

/** Inserts events, skipping those already stored (same bot, conversation and id) when `checkStored`. */
async function insertEvents(tx: Queryable, rows: readonly EventRow[], checkStored: boolean): Promise<{ bot_id: string; conversation_id: string }[]> {
  if (rows.length === 0) return [];
  // LIMIT 1 keeps the check an index probe per event, whatever the table's statistics say.
  const notStored = `LEFT JOIN LATERAL (SELECT true AS seen FROM events e WHERE e.bot_id = r.bot_id AND e.conversation_id = r.conversation_id AND e.id = r.id LIMIT 1) stored ON true
       WHERE stored.seen IS NULL`;
  return tx.query<{ bot_id: string; conversation_id: string }>(
    `INSERT INTO events (${eventColumns})
     SELECT ${eventColumns} FROM json_to_recordset($1::json) AS ${recordType}
     ${checkStored ? notStored : ''}
     RETURNING bot_id, conversation_id`,
    [compactJson(rows)],
  );
}

/** The batch as JSON without null fields (json_to_recordset reads a missing key as NULL): a third of the bytes to parse. */
function compactJson(rows: readonly EventRow[]): string {
  return JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))));
}

function dedupeWithinBatch(rows: readonly EventRow[]): EventRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.bot_id}\u0000${r.conversation_id}\u0000${r.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function distinctConversations(rows: readonly { bot_id: string; conversation_id: string; ts: string }[]) {
  const byKey = new Map<string, { bot: string; conversation: string; ts: string }>();
  for (const r of rows) {
    const key = conversationKey(r);
    const seen = byKey.get(key);
    if (seen === undefined || r.ts < seen.ts) byKey.set(key, { bot: r.bot_id, conversation: r.conversation_id, ts: r.ts });
  }
  const all = [...byKey.values()];
  return {
    botIds: all.map((c) => c.bot),
    conversationIds: all.map((c) => c.conversation),
    firstTs: all.map((c) => c.ts),
  };
}

/**
 * Keeps `bots` and `bot_event_types` (first and last event time per bot and per type) current.
 * Exported for the benchmarks' COPY loader, which stores events without going through storeEvents.
 */
export async function touchBots(tx: { query: Database['query'] }, rows: readonly EventRow[]): Promise<void> {
  const spans = (keys: (r: EventRow) => string[]) => {
    const span = new Map<string, { first: string; last: string }>();
    for (const r of rows) {
      for (const k of keys(r)) {
        const s = span.get(k);
        if (s === undefined) span.set(k, { first: r.ts, last: r.ts });
        else {
          if (r.ts < s.first) s.first = r.ts;
          if (r.ts > s.last) s.last = r.ts;
        }
      }
    }
    return [...span.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  };
  const bots = spans((r) => [r.bot_id]);
  await tx.query(
    `INSERT INTO bots (bot_id, first_event_at, last_event_at, last_ingest_at)
     SELECT bot_id, first_at, last_at, now() FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS t(bot_id, first_at, last_at)
     ON CONFLICT (bot_id) DO UPDATE SET
       first_event_at = least(bots.first_event_at, excluded.first_event_at),
       last_event_at = greatest(bots.last_event_at, excluded.last_event_at),
       last_ingest_at = excluded.last_ingest_at`,
    [bots.map(([b]) => b), bots.map(([, s]) => s.first), bots.map(([, s]) => s.last)],
  );
  // A final step is recorded as its own signal: completion and drop-off need one (src/events/contract.ts Signal).
  const types = spans((r) => [`${r.bot_id}\u0000${r.type}`, ...(r.type === 'step.reached' && r.final === true ? [`${r.bot_id}\u0000step.final`] : [])]);
  await tx.query(
    `INSERT INTO bot_event_types (bot_id, type, first_seen_at, last_seen_at)
     SELECT bot_id, type, first_at, last_at FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS t(bot_id, type, first_at, last_at)
     ON CONFLICT (bot_id, type) DO UPDATE SET
       first_seen_at = least(bot_event_types.first_seen_at, excluded.first_seen_at),
       last_seen_at = greatest(bot_event_types.last_seen_at, excluded.last_seen_at)`,
    [types.map(([k]) => k.split('\u0000')[0]), types.map(([k]) => k.split('\u0000')[1]), types.map(([, s]) => s.first), types.map(([, s]) => s.last)],
  );
}
