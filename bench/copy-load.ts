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
import { typeParsers, type Queryable } from '../src/db/database.ts';
import { migrate } from '../src/db/migrations.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { ensureEventPartitions, monthKey } from '../src/events/partitions.ts';
import { recomputeFacts } from '../src/events/recompute-facts.ts';
import { touchBots } from '../src/events/store-events.ts';
import { describeRejection, validateEvents } from '../src/events/validate-events.ts';
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

export async function loadByCopy(target: LoadTarget, spec: DatasetSpec, options: { chunkConversations?: number; onProgress?: (p: LoadProgress) => void } = {}): Promise<LoadProgress> {
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
    // One loader per database: a second one would count the same conversations as done.
    const [lock] = (await client.query<{ held: boolean }>(`SELECT pg_try_advisory_lock(hashtext(current_schema() || ':botwatch-bench-load')) AS held`)).rows;
    if (lock?.held !== true) throw new Error('another loader is loading this database; wait for it (a lock held by its connection) or stop it first');
    const source = generateConversations({ conversations: spec.conversations, days: spec.days, end: new Date(spec.end), seed: spec.seed });
    const loaded = await alreadyLoaded(db, source);
    progress.conversations = loaded;
    const tx: Queryable = {
      query: async <Row>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as Row[],
      exec: async (sql: string) => void (await client.query(sql)),
    };
    let chunk: GeneratedEvent[][] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      // The generator's end is "now" for the data: an event after it would be refused as from the future.
      const { rows, rejected } = validateEvents(chunk.flat(), { storeMessageText: false, now: new Date(spec.end) });
      if (rejected[0] !== undefined) throw new Error(`generated event refused by validation: ${describeRejection(rejected[0])}`);
      await ensureEventPartitions(db, rows.map((r) => monthKey(r.ts)));
      await client.query('BEGIN');
      try {
        await copyEvents(client, rows);
        const botIds = chunk.map((c) => String(c[0]!.botId));
        const conversationIds = chunk.map((c) => String(c[0]!.conversationId));
        await recomputeFacts(tx, { botIds, conversationIds });
        await touchBots(tx, rows);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      progress.conversations += chunk.length;
      progress.events += rows.length;
      progress.seconds = (performance.now() - started) / 1000;
      options.onProgress?.({ ...progress });
      chunk = [];
    };
    for (const conversation of source) {
      chunk.push(conversation);
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
    await client.query('VACUUM ANALYZE');
    progress.seconds = (performance.now() - started) / 1000;
    return progress;
  } finally {
    await client.end().catch(() => undefined);
    await db.close();
  }
}

/**
 * How many of the generator's conversations the database already holds, having advanced `source`
 * past them. Fails when the database holds conversations that are not the generator's first ones
 * (another dataset, or rows added by something else): loading more would mix two datasets.
 */
async function alreadyLoaded(db: Queryable, source: Iterator<GeneratedEvent[]>): Promise<number> {
  const [have] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversation_facts');
  const n = have?.n ?? 0;
  let last: GeneratedEvent[] | undefined;
  for (let i = 0; i < n; i++) {
    const next = source.next();
    if (next.done === true) throw new Error(`the database holds ${n} conversations, more than the ${i} this dataset has: it holds another dataset; load into an empty database`);
    last = next.value;
  }
  if (last !== undefined) {
    const [found] = await db.query<{ event_count: number }>('SELECT event_count FROM conversation_facts WHERE bot_id = $1 AND conversation_id = $2', [last[0]!.botId, last[0]!.conversationId]);
    if (found?.event_count !== last.length) {
      throw new Error(`the database holds ${n} conversations, but not this dataset's ${n}th (${String(last[0]!.conversationId)}) as generated: it holds another dataset; load into an empty database`);
    }
  }
  return n;
}
