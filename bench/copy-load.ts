/**
 * The benchmarks' fast loader: the generator's events (the same rows ingest would store: validated
 * and mapped by the same code) are written with COPY, and each chunk's conversation facts, rollups
 * and bot spans are computed by the very statements ingest runs (recomputeFacts, touchBots), in the
 * same transaction as the chunk's events. What it skips is what the load itself does not need
 * measured: HTTP, JSON parsing in PostgreSQL and the per-event duplicate probes.
 *
 * Restartable: every chunk commits whole, and a second run skips the conversations already loaded
 * (the generator yields them in the same order for the same options). It fails fast when the
 * database holds something else.
 */
import pg from 'pg';
import { typeParsers, type Database, type Queryable } from '../src/db/database.ts';
import { migrate } from '../src/db/migrations.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { ensureEventPartitions, monthKey } from '../src/events/partitions.ts';
import { recomputeFacts } from '../src/events/recompute-facts.ts';
import { touchBots } from '../src/events/store-events.ts';
import { describeRejection, validateEvents } from '../src/events/validate-events.ts';
import type { ContractEvent } from '../src/events/contract.ts';
import { toEventRow, type EventRow } from '../src/events/event-row.ts';
import type { GeneratedEvent } from '../src/gen/conversation-writer.ts';
import { generateConversations } from '../src/gen/generate-events.ts';
import { silentLogger } from '../src/log.ts';
import { copyEvents } from './copy-events.ts';

/** A generated dataset: what `botwatch gen` is given. */
export interface DatasetSpec {
  conversations: number;
  days: number;
  end: string;
  seed: number;
}

export interface LoadProgress {
  /** Conversations in the database (including those of an earlier, interrupted run). */
  conversations: number;
  /** Events this run stored. */
  events: number;
  /** Seconds this run took so far. */
  seconds: number;
}

export interface LoadTarget {
  url: string;
  /** Schema to load into (tests); the database's default search path otherwise. */
  schema?: string;
}

/** The same value types as botwatch's pool (int8 and numeric as numbers). */
const parse = (oid: number): ((value: string) => unknown) => typeParsers[oid] ?? (pg.types.getTypeParser(oid, 'text') as (value: string) => unknown);
const types = { getTypeParser: parse as typeof pg.types.getTypeParser };

/** One of `of` equal, consecutive parts of the generator's conversations (loaders of different parts run side by side). */
export interface LoadPart {
  index: number;
  of: number;
}

export async function loadByCopy(
  target: LoadTarget,
  spec: DatasetSpec,
  options: { chunkConversations?: number; part?: LoadPart; onProgress?: (p: LoadProgress) => void } = {},
): Promise<LoadProgress> {
  const part = options.part ?? { index: 0, of: 1 };
  if (!Number.isInteger(part.of) || part.of < 1 || !Number.isInteger(part.index) || part.index < 0 || part.index >= part.of) throw new Error(`load part ${part.index} of ${part.of}: expected 0 ≤ index < of`);
  const chunkSize = options.chunkConversations ?? 2_000;
  const db = openPgDatabase({ connectionString: target.url, schema: target.schema, poolSize: 2, statementTimeoutMs: 0, logger: silentLogger });
  const client = new pg.Client({ connectionString: target.url, types });
  const started = performance.now();
  const progress: LoadProgress = { conversations: 0, events: 0, seconds: 0 };
  try {
    await migrate(db);
    await client.connect();
    // No JIT (as botwatch's pool); no waiting for each chunk's commit to reach the disk (a crash
    // loses at most the last chunks, which a second run loads again).
    await client.query(`SET jit = off; SET synchronous_commit = off`);
    if (target.schema !== undefined) await client.query(`SELECT set_config('search_path', $1, false)`, [target.schema]);
    // One loader per part: a second one would count the same conversations as done.
    const [lock] = (await client.query<{ held: boolean }>(`SELECT pg_try_advisory_lock(hashtext(current_schema() || ':botwatch-bench-load:' || $1)) AS held`, [part.index])).rows;
    if (lock?.held !== true) throw new Error(`another loader is loading part ${part.index} of this database; wait for it (a lock held by its connection) or stop it first`);
    const { size } = partRange(spec.conversations, part.index, part.of);
    const source = generateConversations({ conversations: spec.conversations, days: spec.days, end: new Date(spec.end), seed: spec.seed });
    const loaded = await alreadyLoaded(db, source, spec, part);
    progress.conversations = loaded;
    const tx: Queryable = {
      query: async <Row>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as Row[],
      exec: async (sql: string) => void (await client.query(sql)),
    };
    const chunks = inChunks(source, chunkSize, size - loaded);
    let next = prepare(chunks.next().value, spec, true);
    while (next !== undefined) {
      const chunk = next;
      await ensureEventPartitions(db, chunk.months);
      await client.query('BEGIN');
      try {
        await copyEvents(client, chunk.rows);
        // The statement is on its way to the server (pg sends it at once): the next chunk is
        // generated while PostgreSQL computes this one's facts.
        const facts = recomputeFacts(tx, chunk.conversations);
        facts.catch(() => undefined); // awaited below; an error must not go unhandled meanwhile
        next = prepare(chunks.next().value, spec, false);
        await facts;
        await touchBots(tx, chunk.rows);
        await tx.query(`UPDATE bench_load_progress SET done = done + $2 WHERE part = $1`, [part.index, chunk.conversations.botIds.length]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      progress.conversations += chunk.conversations.botIds.length;
      progress.events += chunk.rows.length;
      progress.seconds = (performance.now() - started) / 1000;
      options.onProgress?.({ ...progress });
    }
    await client.query('VACUUM ANALYZE');
    progress.seconds = (performance.now() - started) / 1000;
    return progress;
  } finally {
    await client.end().catch(() => undefined);
    await db.close();
  }
}

/** The first conversation of part `index` of `of`, and how many it has. */
export function partRange(conversations: number, index: number, of: number): { first: number; size: number } {
  const first = Math.floor((index * conversations) / of);
  return { first, size: Math.floor(((index + 1) * conversations) / of) - first };
}

/**
 * How many of the part's conversations the database already holds (bench_load_progress, kept in
 * each chunk's transaction), having advanced `source` past them. A database loaded before that
 * table existed was loaded in order from the start: its conversations count as the first ones.
 * Fails when the database does not hold the conversations counted (another dataset, or the parts
 * were split differently): loading more would mix two datasets.
 */
async function alreadyLoaded(db: Database, source: Iterator<GeneratedEvent[]>, spec: DatasetSpec, part: LoadPart): Promise<number> {
  const done = await db.transaction(async (tx) => {
    await tx.exec(`CREATE TABLE IF NOT EXISTS bench_load_progress (part integer PRIMARY KEY, of integer NOT NULL, done integer NOT NULL)`);
    await tx.exec(`LOCK TABLE bench_load_progress IN EXCLUSIVE MODE`);
    const marks = await tx.query<{ part: number; of: number; done: number }>('SELECT part, of, done FROM bench_load_progress ORDER BY part');
    let prefix: number | undefined;
    if (marks.length === 0) prefix = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM conversation_facts'))[0]?.n ?? 0;
    else if (marks.length === 1 && marks[0]!.of === 1) prefix = marks[0]!.done;
    else if (marks[0]!.of !== part.of) throw new Error(`this database is loaded in ${marks[0]!.of} parts, not ${part.of}; load it with as many`);
    if (prefix !== undefined) {
      // The first `prefix` conversations are loaded: as each part's share of them.
      await tx.query('DELETE FROM bench_load_progress');
      for (let i = 0; i < part.of; i++) {
        const { first, size } = partRange(spec.conversations, i, part.of);
        await tx.query('INSERT INTO bench_load_progress VALUES ($1, $2, $3)', [i, part.of, Math.max(0, Math.min(size, prefix - first))]);
      }
    }
    return (await tx.query<{ done: number }>('SELECT done FROM bench_load_progress WHERE part = $1', [part.index]))[0]!.done;
  });
  const { first } = partRange(spec.conversations, part.index, part.of);
  let last: GeneratedEvent[] | undefined;
  for (let i = 0; i < first + done; i++) {
    const next = source.next();
    if (next.done === true) throw new Error(`the database counts ${first + done} conversations loaded, more than the ${i} this dataset has: it holds another dataset; load into an empty database`);
    last = next.value;
  }
  // The last conversation counted must be there as generated, and the next one not yet.
  const probe = async (events: GeneratedEvent[] | undefined) =>
    events === undefined ? undefined : (await db.query<{ n: number }>('SELECT event_count AS n FROM conversation_facts WHERE bot_id = $1 AND conversation_id = $2', [events[0]!.botId, events[0]!.conversationId]))[0]?.n;
  const upcoming = (source as Generator<GeneratedEvent[]>).next();
  const lastOk = done === 0 || (await probe(last)) === last?.length;
  const nextAbsent = upcoming.done === true || (await probe(upcoming.value)) === undefined;
  if (!lastOk || !nextAbsent) throw new Error(`the database does not hold the first ${done} conversations of load part ${part.index} of ${part.of} as generated (and no more): it holds another dataset; load into an empty database`);
  pushedBack.set(source, upcoming);
  return done;
}

/** The conversation alreadyLoaded read past to check it, which the loader takes first. */
const pushedBack = new WeakMap<Iterator<GeneratedEvent[]>, IteratorResult<GeneratedEvent[]>>();

/** Up to `limit` conversations of `source`, `size` at a time. */
function* inChunks(source: Iterator<GeneratedEvent[]>, size: number, limit: number): Generator<GeneratedEvent[][], undefined> {
  let chunk: GeneratedEvent[][] = [];
  let taken = 0;
  for (let next = pushedBack.get(source) ?? source.next(); next.done !== true && taken < limit; next = source.next(), taken++) {
    chunk.push(next.value);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
  return undefined;
}

interface PreparedChunk {
  rows: EventRow[];
  months: string[];
  conversations: { botIds: string[]; conversationIds: string[] };
}

/**
 * A chunk's event rows, mapped by ingest's own toEventRow. Generated events are valid by
 * construction, so the first chunk alone goes through full validation as well, and must give the
 * same rows (validating every event would take half the loader's time).
 */
function prepare(chunk: GeneratedEvent[][] | undefined, spec: DatasetSpec, check: boolean): PreparedChunk | undefined {
  if (chunk === undefined) return undefined;
  const events = chunk.flat();
  const rows = events.map((event) => {
    const mapped = toEventRow(event as unknown as ContractEvent, { storeMessageText: false });
    if ('problem' in mapped) throw new Error(`generated event ${event.id}: ${mapped.problem.path} ${mapped.problem.message}`);
    return mapped.row;
  });
  if (check) {
    // The generator's end is "now" for the data: nothing after it is from the future.
    const validated = validateEvents(events, { storeMessageText: false, now: new Date(spec.end) });
    if (validated.rejected[0] !== undefined) throw new Error(`generated event refused by validation: ${describeRejection(validated.rejected[0])}`);
    if (JSON.stringify(validated.rows) !== JSON.stringify(rows)) throw new Error('generated events map to other rows than validation gives them; load with BENCH_LOAD=ingest');
  }
  return {
    rows,
    months: [...new Set(rows.map((r) => monthKey(r.ts)))],
    conversations: { botIds: chunk.map((c) => String(c[0]!.botId)), conversationIds: chunk.map((c) => String(c[0]!.conversationId)) },
  };
}
