import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { moduleFactories } from '../../src/app/modules.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { createDigestsModule } from '../../src/digests/digests-module.ts';
import { silentLogger } from '../../src/log.ts';
import { startBotwatch } from '../../src/serve.ts';
import { RecordingDeliverer } from '../helpers/recording-deliverer.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { addDigest, adminIn, channel, fewShopEvents, loadEvents, startReplica, TestClock } from './digest-harness.ts';

let t: TestDatabase;
let appDb: Database;
let appStopped = false;
beforeAll(async () => {
  t = await openTestDatabase();
  // serve's stop closes the database it was given: on the real server give it a pool of its own.
  appDb = t.openReplica?.() ?? t.db;
  await loadEvents(t.db, fewShopEvents(), new Date('2026-11-23T00:00:00Z'));
});
afterAll(async () => {
  if (!(appStopped && appDb === t.db)) await t?.close();
});

describe(`the digests module in botwatch serve (${testEngine})`, () => {
  it('is one of the modules serve runs', async () => {
    const clock = new TestClock('2026-12-20T08:00:00Z');
    const { registry } = startReplica(t.db, clock.now, { name: 'probe' });
    const modules = await Promise.all(moduleFactories.map(async (factory) => factory(registry.services)));
    expect(modules.map((m) => m?.name)).toContain('digests');
  });

  it('catches up when it starts, posting a slot that came due while it was down, then stops cleanly', async () => {
    const clock = new TestClock('2026-12-20T08:00:00Z');
    const ops = channel('C-START', '#start');
    await addDigest(startReplica(t.db, clock.now, { name: 'before' }), 'daily 09:00 tz:UTC', ops);

    clock.set('2026-12-20T09:40:00Z');
    const deliverer = new RecordingDeliverer('slack');
    const app = await startBotwatch(loadConfig({ PORT: '0', BOTWATCH_DATA_DIR: '/nonexistent' }), silentLogger, {
      db: appDb,
      now: clock.now,
      modules: [() => ({ name: 'recording-slack', deliverer }), (services) => createDigestsModule(services, { replicaId: 'started' })],
    });
    try {
      await vi.waitFor(() => expect(deliverer.delivered()).toHaveLength(1));
      expect(deliverer.delivered()[0]?.destination).toEqual(ops);
      // The run is recorded as delivered just after the platform took the message.
      await vi.waitFor(async () => {
        const list = await app.services.answer('digest list', adminIn(ops));
        expect(list.table?.rows[0]?.last).toBe('delivered Sun 20 Dec 09:40 UTC (the Sun 20 Dec 09:00 UTC slot, posted 40 min late)');
      });
    } finally {
      await app.stop();
      appStopped = true;
    }
  });
});
