import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadByCopy, type DatasetSpec } from '../../bench/copy-load.ts';
import type { Database } from '../../src/db/database.ts';
import { generateConversations } from '../../src/gen/generate-events.ts';
import { importRecords } from '../../src/import/import-records.ts';
import { openTestDatabase, testDatabaseUrl, testEngine, type TestDatabase } from '../helpers/test-database.ts';

// COPY FROM STDIN needs the real server (PGlite takes no COPY over the protocol).
const spec: DatasetSpec = { conversations: 1_500, days: 3, end: '2026-11-23T00:00:00Z', seed: 42 };

/** Every stored row of the tables ingest writes, as text, in key order (times of writing left out). */
async function contents(db: Database): Promise<Record<string, string[]>> {
  const tables = {
    events: `SELECT to_jsonb(e) - 'received_at' AS r FROM events e ORDER BY bot_id, conversation_id, id`,
    conversation_facts: `SELECT to_jsonb(f) - 'updated_at' AS r FROM conversation_facts f ORDER BY bot_id, conversation_id`,
    fact_rollups: `SELECT to_jsonb(r) AS r FROM fact_rollups r ORDER BY bot_id, hour, bot_version, channel, first_intent`,
    step_rollups: `SELECT to_jsonb(r) AS r FROM step_rollups r ORDER BY bot_id, hour, bot_version, channel, first_intent, flow, step`,
    llm_group_rollups: `SELECT to_jsonb(r) AS r FROM llm_group_rollups r ORDER BY bot_id, hour, bot_version, channel, first_intent, dimension, value`,
    bots: `SELECT to_jsonb(b) - 'last_ingest_at' AS r FROM bots b ORDER BY bot_id`,
    bot_event_types: `SELECT to_jsonb(t) AS r FROM bot_event_types t ORDER BY bot_id, type`,
  };
  const out: Record<string, string[]> = {};
  for (const [table, sql] of Object.entries(tables)) out[table] = (await db.query<{ r: unknown }>(sql)).map((row) => JSON.stringify(row.r));
  return out;
}

describe.skipIf(testEngine !== 'postgres')('the benchmarks COPY loader', () => {
  let ingested: TestDatabase;
  let copied: TestDatabase;
  let inParts: TestDatabase;
  beforeAll(async () => {
    [ingested, copied, inParts] = await Promise.all([openTestDatabase(), openTestDatabase(), openTestDatabase()]);
  });
  afterAll(async () => {
    await ingested?.close();
    await copied?.close();
    await inParts?.close();
  });

  it('stores row for row what loading the same generated events through ingest stores, also when resumed after an interruption', async () => {
    // As `botwatch gen --load` does, in batches small enough to split conversations between them.
    const source = generateConversations({ ...spec, end: new Date(spec.end) });
    const records = (function* () {
      let n = 0;
      for (const events of source) for (const candidate of events) yield { position: `event ${++n}`, candidate };
    })();
    const counts = await importRecords(ingested.db, records, { storeMessageText: false, batchSize: 500 });
    expect(counts.rejected).toBe(0);

    const target = { url: testDatabaseUrl!, schema: copied.schema! };
    const interrupted = new Error('interrupted after the first chunk');
    let firstChunkEvents = 0;
    const interrupt = (p: { events: number }) => {
      firstChunkEvents = p.events;
      throw interrupted;
    };
    await expect(loadByCopy(target, spec, { chunkConversations: 400, onProgress: interrupt })).rejects.toBe(interrupted);
    const [partial] = await copied.db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversation_facts');
    expect(partial?.n).toBe(400);
    const resumed = await loadByCopy(target, spec, { chunkConversations: 400 });
    expect(firstChunkEvents + resumed.events).toBe(counts.accepted);

    const [a, b] = await Promise.all([contents(ingested.db), contents(copied.db)]);
    expect(a.events!.length).toBe(counts.accepted);
    expect(a.step_rollups!.length).toBeGreaterThan(0);
    for (const table of Object.keys(a)) expect({ table, rows: b[table] }).toEqual({ table, rows: a[table] });
  }, 180_000);

  it('gives the same rows loaded in two parts side by side, resuming a load begun in one', async () => {
    const target = { url: testDatabaseUrl!, schema: inParts.schema! };
    const stop = new Error('interrupted');
    await expect(loadByCopy(target, spec, { chunkConversations: 300, onProgress: () => { throw stop; } })).rejects.toBe(stop);
    const parts = await Promise.all([0, 1].map((index) => loadByCopy(target, spec, { chunkConversations: 300, part: { index, of: 2 } })));
    expect(parts.map((p) => p.conversations)).toEqual([750, 750]);
    const [a, b] = await Promise.all([contents(ingested.db), contents(inParts.db)]);
    for (const table of Object.keys(a)) expect({ table, rows: b[table] }).toEqual({ table, rows: a[table] });
    await expect(loadByCopy(target, spec, { part: { index: 0, of: 3 } })).rejects.toThrow(/loaded in 2 parts, not 3/);
  }, 180_000);

  it('refuses to add to a database that holds another dataset', async () => {
    await expect(loadByCopy({ url: testDatabaseUrl!, schema: copied.schema! }, { ...spec, seed: 43 })).rejects.toThrow(/holds another dataset/);
  });
});
