/**
 * What `npm run bench:growth` measures on one dataset: answer times (p95), an alert cycle for
 * 1,000 rules, one digest, ingest through botwatch's own path, and bytes on disk per table.
 * The dataset is left as it was: ingest runs in a transaction that is rolled back, and the alert
 * rules live in a schema of their own, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createAlertEvaluator } from '../src/alerts/evaluator.ts';
import { insertRule } from '../src/alerts/rule-store.ts';
import type { CommandContext } from '../src/commands/command-context.ts';
import { answer } from '../src/commands/run-command.ts';
import { type Database, type Queryable, typeParsers } from '../src/db/database.ts';
import { readMigrations } from '../src/db/migrations.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { sqlWithoutComments } from '../src/db/sql-without-comments.ts';
import { composeDigest } from '../src/digests/content/compose-digest.ts';
import { storeEvents } from '../src/events/store-events.ts';
import { validateEvents } from '../src/events/validate-events.ts';
import { generateConversations } from '../src/gen/generate-events.ts';
import { silentLogger } from '../src/log.ts';
import { CountingDeliverer, makeRules } from './alert-rule-mix.ts';
import { median, percentile } from './bench-database.ts';
import { benchDataset } from './dataset.ts';

export interface Timing {
  median: number;
  p95: number;
}

export interface StorageRow {
  table: string;
  tableBytes: number;
  indexBytes: number;
}

export interface SizeFigures {
  conversations: number;
  events: number;
  answers: Record<string, Timing>;
  alertCycle: Timing;
  digest: Timing;
  ingestEventsPerSecond: number;
  storage: StorageRow[];
}

/** The answers measured, as a user types them. */
export const growthQuestions = ['summary support-bot 30d', 'handoff support-bot 30d by:day', 'funnel leadgen-bot 30d', 'compare support-bot@3.2.0 vs support-bot@3.3.0 30d', 'intents support-bot 30d'];

const round = (ms: number) => Math.round(ms * 10) / 10;
const now = new Date(benchDataset.end);

async function time(runs: number, work: () => Promise<unknown>): Promise<Timing> {
  await work(); // warm
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  return { median: round(median(ms)), p95: round(percentile(ms, 95)) };
}

export async function measureSize(url: string, options: { runs: number; cycles: number; ingestEvents: number }): Promise<SizeFigures> {
  const db = openPgDatabase({ connectionString: url, logger: silentLogger, poolSize: 10 });
  try {
    const [counts] = await db.query<{ conversations: number; events: number }>('SELECT count(*) AS conversations, sum(event_count) AS events FROM conversation_facts');
    const ctx: CommandContext = { db, now: () => now, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
    const answers: Record<string, Timing> = {};
    for (const question of growthQuestions) answers[question] = await time(options.runs, () => answer(question, ctx));
    const slot = new Date(now.getTime() + 8 * 3_600_000);
    const digestSpec = { cadence: 'weekly' as const, timeZone: 'Europe/Berlin', bots: [], metrics: [] };
    const digest = await time(Math.max(3, Math.floor(options.runs / 2)), () => composeDigest(digestSpec, slot, { db, now, idleMinutes: 30, logger: silentLogger }));
    return {
      conversations: counts?.conversations ?? 0,
      events: counts?.events ?? 0,
      answers,
      alertCycle: await alertCycles(url, options.cycles),
      digest,
      ingestEventsPerSecond: await ingestRate(url, options.ingestEvents),
      storage: await storage(db),
    };
  } finally {
    await db.close();
  }
}

/** 1,000 rules (bench:alerts' mix) evaluated in full cycles a minute apart; the first cycle is left out. */
async function alertCycles(url: string, cycles: number): Promise<Timing> {
  const schema = `bench_growth_alerts_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = openPgDatabase({ connectionString: url, schema: `${schema},public`, poolSize: 10, logger: silentLogger });
  try {
    // The alert tables as the migrations make them: created, then changed by later migrations.
    const migrations = readMigrations().filter((m) => /\balert_(rules|history)\b/.test(m.sql));
    if (migrations[0]?.name !== 'alerts') throw new Error('migrations/NNNN_alerts.sql not found');
    // Later migrations may change other tables too (public's, already migrated): only their
    // statements on the alert tables are run here.
    const [created, ...changes] = migrations;
    await db.exec(created.sql);
    for (const change of changes) {
      for (const statement of sqlWithoutComments(change.sql).split(';').filter((s) => /\balert_(rules|history)\b/.test(s))) await db.exec(statement);
    }
    for (const settings of makeRules(1000)) await insertRule(db, settings, 'bench', now);
    let clock = now;
    const evaluator = createAlertEvaluator({ db, deliverers: { slack: new CountingDeliverer() }, logger: silentLogger, now: () => clock, intervalSeconds: 60, idleMinutes: 30, timeZone: 'UTC', concurrency: 5 });
    const ms: number[] = [];
    for (let i = 0; i <= cycles; i++) {
      clock = new Date(now.getTime() + i * 60_000);
      const started = performance.now();
      const report = await evaluator.runCycle();
      if (i > 0) ms.push(performance.now() - started);
      if (report.errors > 0) throw new Error(`${report.errors} alert rules could not be evaluated`);
    }
    return { median: round(median(ms)), p95: round(percentile(ms, 95)) };
  } finally {
    await db.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

/**
 * Events/s through storeEvents (what `POST /v1/events` calls after validating), 1,000-event batches
 * of new conversations in the dataset's days, one client, into tables of this size, after one
 * untimed batch; rolled back.
 */
export async function ingestRate(url: string, eventCount: number): Promise<number> {
  const events: unknown[] = [];
  const warmUp = 1_000;
  for (const conversation of generateConversations({ conversations: Math.ceil((eventCount + warmUp) / 4), days: benchDataset.days, end: now, seed: 9_001 })) {
    for (const event of conversation) events.push({ ...event, conversationId: `growth-ingest-${String(event.conversationId)}` });
    if (events.length >= eventCount + warmUp) break;
  }
  const batches = Array.from({ length: Math.ceil(events.length / 1_000) }, (_b, i) => events.slice(i * 1_000, (i + 1) * 1_000));
  // The same value types as botwatch's pool (int8 and numeric as numbers).
  const parse = (oid: number): ((value: string) => unknown) => typeParsers[oid] ?? (pg.types.getTypeParser(oid, 'text') as (value: string) => unknown);
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: parse as typeof pg.types.getTypeParser } });
  await client.connect();
  // As botwatch's pool sets it (pg-database.ts): JIT costs more than it saves on short queries.
  await client.query('SET jit = off');
  await client.query('BEGIN');
  try {
    const db = rolledBackDatabase(client);
    const store = async (batch: unknown[]) => (await storeEvents(db, validateEvents(batch, { storeMessageText: false }).rows)).accepted;
    // The first batch reads the tables' index pages into memory; it is not timed.
    await store(batches.shift() ?? []);
    let stored = 0;
    const started = performance.now();
    for (const batch of batches) stored += await store(batch);
    const seconds = (performance.now() - started) / 1000;
    if (stored === 0) throw new Error('the ingest sample stored nothing');
    return Math.round(stored / seconds);
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
}

/** One connection inside an open transaction: each of botwatch's transactions is a savepoint in it. */
function rolledBackDatabase(client: pg.Client): Database {
  const queryable: Queryable = {
    query: async <Row>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as Row[],
    exec: async (sql: string) => void (await client.query(sql)),
  };
  return {
    ...queryable,
    engine: 'postgres',
    async transaction(work) {
      await client.query('SAVEPOINT batch');
      try {
        const result = await work(queryable);
        await client.query('RELEASE SAVEPOINT batch');
        return result;
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT batch');
        throw error;
      }
    },
    close: () => Promise.resolve(),
  };
}

/** Bytes on disk of the tables that grow with traffic (events with all its monthly partitions). */
async function storage(db: Database): Promise<StorageRow[]> {
  return db.query<StorageRow>(
    `SELECT t.name AS table,
            sum(pg_table_size(p.relid))::bigint AS "tableBytes",
            sum(pg_indexes_size(p.relid))::bigint AS "indexBytes"
     FROM unnest(ARRAY['events', 'conversation_facts', 'fact_rollups', 'step_rollups']) AS t(name),
          -- a partitioned table's partitions; a plain table is its own one
          LATERAL (SELECT relid FROM pg_partition_tree(t.name::regclass) WHERE isleaf UNION SELECT t.name::regclass) AS p
     GROUP BY t.name ORDER BY t.name`,
  );
}
