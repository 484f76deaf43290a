import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrations.ts';
import { openPgliteDatabase } from '../../src/db/pglite-database.ts';
import { createApiKey } from '../../src/keys/api-keys.ts';
import { at, event } from '../helpers/events.ts';
import { killHard, startChildServer } from '../helpers/child-server.ts';
import { openTestDatabase, testDatabaseUrl, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

/**
 * Kills `botwatch serve` with SIGKILL while it stores a 5,000-event batch, restarts it, and checks
 * each batch is all there or not there at all; a batch the server had acknowledged must be there.
 * On the real server the kill waits until the batch's INSERT is seen running (mid-transaction);
 * the embedded database cannot be watched from outside, so there the kill moments sweep the
 * window in which the batch is being written.
 */
describe(`a crash during a large batch (${testEngine})`, () => {
  let t: TestDatabase | undefined;
  let dataDir: string | undefined;
  let key: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (testEngine === 'postgres') {
      t = await openTestDatabase();
      const url = new URL(testDatabaseUrl ?? '');
      url.searchParams.set('options', `-c search_path=${t.schema}`);
      url.searchParams.set('application_name', `crash-${t.schema}`);
      env = { DATABASE_URL: url.toString() };
      key = (await createApiKey(t.db, 'crash')).key;
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-crash-'));
      const db = await openPgliteDatabase(path.join(dataDir, 'pgdata'));
      await migrate(db);
      key = (await createApiKey(db, 'crash')).key;
      await db.close();
      env = { BOTWATCH_DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await t?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function countsByBot(): Promise<Map<string, number>> {
    const read = async (db: Database) => db.query<{ bot_id: string; n: number }>(`SELECT bot_id, count(*) AS n FROM events GROUP BY bot_id`);
    let rows;
    if (t) rows = await read(t.db);
    else {
      const db = await openPgliteDatabase(path.join(dataDir ?? '', 'pgdata'));
      rows = await read(db);
      await db.close();
    }
    return new Map(rows.map((r) => [r.bot_id, r.n]));
  }

  /** Resolves when the child's batch INSERT is running (real server), or after `delay` ms. */
  async function momentToKill(delay: number, done: Promise<unknown>): Promise<boolean> {
    if (t === undefined) {
      await new Promise((r) => setTimeout(r, delay));
      return false;
    }
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      const running = await t.db.query(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state <> 'idle' AND query LIKE '%INSERT INTO events%'`,
        [`crash-${t.schema}`],
      );
      if (running.length > 0) return true;
      await new Promise((r) => setTimeout(r, 1));
    }
    return false;
  }

  it('leaves each batch whole or absent, and keeps every acknowledged batch', async () => {
    const delays = testEngine === 'postgres' ? [0, 0, 0] : [250, 350, 450, 550, 650];
    const outcomes: { botId: string; status: number | string; midTransaction: boolean }[] = [];
    for (const [i, delay] of delays.entries()) {
      const { child, url } = await startChildServer(env);
      const botId = `crash-${i}`;
      const batch = Array.from({ length: 5000 }, (_, n) =>
        event('message.received', { id: `${botId}-${n}`, botId, conversationId: `c${n % 2500}`, timestamp: at('2026-11-10T10:00:00Z', n / 100) }),
      );
      const request = fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      }).then((r) => r.status, () => 'connection cut');
      const midTransaction = await momentToKill(delay, request);
      await killHard(child);
      outcomes.push({ botId, status: await request, midTransaction });
    }
    // The restart after the last crash must come up cleanly (crash recovery) before counting.
    const { child } = await startChildServer(env);
    await killHard(child);
    const counts = await countsByBot();
    for (const o of outcomes) {
      const stored = counts.get(o.botId) ?? 0;
      expect([0, 5000], JSON.stringify(o)).toContain(stored);
      if (o.status === 200) expect(stored, `${o.botId} was acknowledged`).toBe(5000);
      if (o.midTransaction) expect(stored, `${o.botId} was killed mid-transaction`).toBe(0);
    }
    if (testEngine === 'postgres') expect(outcomes.some((o) => o.midTransaction)).toBe(true);
  }, 180_000);
});
