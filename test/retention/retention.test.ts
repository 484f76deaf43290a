import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/commands/run-command.ts';
import { listEventPartitionsBefore } from '../../src/events/partitions.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { storeExportedCsv } from '../../src/exports/csv-store.ts';
import { silentLogger } from '../../src/log.ts';
import { applyRetention, planRetention } from '../../src/retention/retention-plan.ts';
import { runDailyRetention } from '../../src/retention/run-retention.ts';
import { event } from '../helpers/events.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const now = new Date('2026-12-03T11:00:00Z'); // keeping 400 days cuts at 2025-10-29
let t: TestDatabase;

const conversation = (id: string, start: string) => [
  event('conversation.started', { botId: 'support-bot', conversationId: id, timestamp: start }),
  event('message.received', { botId: 'support-bot', conversationId: id, timestamp: new Date(Date.parse(start) + 60_000).toISOString() }),
  event('conversation.ended', { botId: 'support-bot', conversationId: id, timestamp: new Date(Date.parse(start) + 120_000).toISOString(), outcome: 'success' }),
];

const count = async (sql: string) => (await t.db.query<{ n: number }>(sql))[0]?.n;

beforeAll(async () => {
  t = await openTestDatabase();
  const events = [...conversation('old-1', '2024-01-10T10:00:00Z'), ...conversation('old-2', '2025-10-20T10:00:00Z'), ...conversation('kept', '2026-11-30T10:00:00Z')];
  const { rows, rejected } = validateEvents(events, { storeMessageText: false, now });
  expect(rejected).toEqual([]);
  await storeEvents(t.db, rows);
});
afterAll(() => t.close());

describe(`retention (${testEngine})`, () => {
  it('plans, then runs once a day across two replicas: partitions dropped, facts and rollups pruned', async () => {
    const plan = await planRetention(t.db, now, 400);
    expect(plan.cutoff?.toISOString()).toBe('2025-10-29T00:00:00.000Z');
    expect(plan.partitions).toEqual(['202401']);
    expect(plan.conversations).toBe(2);
    expect(plan.factRollups).toBeGreaterThanOrEqual(2);

    const replica = t.openReplica?.() ?? t.db;
    const runs = await Promise.all([runDailyRetention(t.db, now, 400), runDailyRetention(replica, new Date(now.getTime() + 3_600_000), 400)]);
    if (replica !== t.db) await replica.close();
    const done = runs.filter((r) => r !== undefined);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ partitions: ['202401'], conversations: 2 });
    // The same day again: already claimed.
    expect(await runDailyRetention(t.db, new Date(now.getTime() + 7_200_000), 400)).toBeUndefined();

    expect(await listEventPartitionsBefore(t.db, new Date('2025-01-01T00:00:00Z'))).toEqual([]);
    expect(await count(`SELECT count(*)::int AS n FROM conversation_facts WHERE conversation_id LIKE 'old-%'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM fact_rollups WHERE hour < '2025-10-29'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM conversation_facts WHERE conversation_id = 'kept'`)).toBe(1);
    // old-2's events are in October 2025, a month only partly before the cut: its partition stays.
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE conversation_id = 'old-2'`)).toBe(3);
  });

  it('says so when a reply reaches before the kept data, and not otherwise', async () => {
    const ctx = { db: t.db, now: () => now, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
    const spanning = await answer('summary 2025-10-01..2025-11-15', ctx);
    expect(spanning.kind).toBe('result');
    expect(spanning.notes).toContain('Data before 2025-10-29 is no longer kept (BOTWATCH_RETENTION_DAYS): this window counts only from then.');
    const recent = await answer('summary 7d', ctx);
    expect(recent.notes.join(' ')).not.toContain('no longer kept');
  });

  it('deletes expired CSV exports and counts them, keeping those still linked', async () => {
    const month = 30 * 86_400_000;
    // One made yesterday, then two made 40 and 31 days ago (expired): no export made since removed them.
    for (const ago of [1, 40, 31]) await storeExportedCsv(t.db, 'a,b\r\n1,2\r\n', `made-${ago}-days-ago.csv`, new Date(now.getTime() - ago * 86_400_000));
    const kept = `SELECT count(*)::int AS n FROM exported_tables WHERE expires_at >= '${now.toISOString()}'`;
    expect(await count(kept)).toBe(1);
    const plan = await planRetention(t.db, now, 0);
    expect(plan.expiredExports).toBe(2);
    expect((await applyRetention(t.db, now, 0)).expiredExports).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM exported_tables')).toBe(1);
    expect(await count(kept)).toBe(1);
    expect((await planRetention(t.db, new Date(now.getTime() + month), 0)).expiredExports).toBe(1);
  });

  it('deletes the state of live Rasa senders not seen for longer than the retention period', async () => {
    const state = JSON.stringify({ conversationId: 'x', buttons: [], sameStamp: { stamp: '', seen: [] } });
    await t.db.query(
      `INSERT INTO rasa_sender_state (bot_id, sender_id, state, updated_at)
       VALUES ('shop', 'gone', $1, '2025-10-28T23:59:00Z'), ('shop', 'back', $1, '2025-10-29T00:00:00Z'), ('shop', 'today', $1, $2)`,
      [state, now],
    );
    expect((await planRetention(t.db, now, 400)).rasaSenders).toBe(1);
    expect((await planRetention(t.db, now, 0)).rasaSenders).toBe(0);
    expect((await applyRetention(t.db, now, 400)).rasaSenders).toBe(1);
    expect(await t.db.query('SELECT sender_id FROM rasa_sender_state ORDER BY sender_id')).toEqual([{ sender_id: 'back' }, { sender_id: 'today' }]);
  });

  it('keeps event data forever with 0 days', async () => {
    const plan = await planRetention(t.db, now, 0);
    expect(plan).toMatchObject({ cutoff: undefined, partitions: [], conversations: 0 });
  });
});
