import { afterEach, describe, expect, it } from 'vitest';
import { moduleFactories } from '../../src/app/modules.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import type { ConsoleStatus } from '../../src/console/feed-entry.ts';
import { demoModule } from '../../src/demo/demo-module.ts';
import { readDemoState, writeDemoState } from '../../src/demo/demo-state.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import { startBotwatch } from '../../src/serve.ts';
import type { RunningBotwatch } from '../../src/serve.ts';
import { openEmbeddedDatabase } from '../helpers/embedded-database.ts';
import { event } from '../helpers/events.ts';

const anchor = new Date('2026-11-23T10:17:00Z');
let running: RunningBotwatch | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function start(db: Database, env: Record<string, string> = {}, clock: () => Date = () => anchor, days = 1) {
  const config = loadConfig({ PORT: '0', BOTWATCH_DATA_DIR: '/nonexistent', ...env });
  running = await startBotwatch(config, silentLogger, { db, now: () => clock(), modules: [...moduleFactories, demoModule({ plan: { days }, tickMs: 20 })] });
  return running;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const botCount = async (db: Database) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bots'))[0]?.n ?? 0;

describe('demo data in botwatch serve', () => {
  it('loads an empty embedded database in the background, labels it, and keeps the bots sending', async () => {
    let now = anchor;
    const app = await start(await openEmbeddedDatabase(), {}, () => now);
    expect(app.modules.map((m) => m.name)).toContain('demo');
    const ready = await until('the demo to load', async () => {
      const state = await readDemoState(app.db);
      return state?.status === 'ready' ? state : undefined;
    });
    expect(ready).toMatchObject({ seed: 1, days: 1, perDay: 1_000, loadedDays: 1, anchor });
    expect(await botCount(app.db)).toBe(3);

    now = new Date(anchor.getTime() + 15 * 60_000);
    const last = await until('live events', async () => {
      const [row] = await app.db.query<{ last: Date }>('SELECT max(last_event_at) AS last FROM bots');
      return row && row.last > anchor ? row.last : undefined;
    });
    expect(last.getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it('answers requests while the month loads, and the console says it is loading', async () => {
    const app = await start(await openEmbeddedDatabase(), {}, () => anchor, 4);
    // Asked right away: the load has ~25 transactions to go, and yields to the server between them.
    const status = (await (await fetch(`http://127.0.0.1:${app.server.port}/console/status`)).json()) as ConsoleStatus;
    expect(status.demo).toMatchObject({ status: 'loading', days: 4, bots: ['support-bot', 'leadgen-bot', 'bookings-bot'] });
    expect(status.demo?.loadedDays).toBeLessThan(4);
  });

  it.each([
    ['DATABASE_URL points at a real database', { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }],
    ['a chat platform is configured', { MicrosoftAppId: '6f1c2a9e-0b4d-4c8e-9a57-3d2e1f0a8b7c', MicrosoftAppPassword: 'secret', HOST: '127.0.0.1', PUBLIC_BASE_URL: 'https://botwatch.example.com' }],
    ['BOTWATCH_DEMO=off', { BOTWATCH_DEMO: 'off' }],
  ])('loads nothing when %s', async (_why, env) => {
    const app = await start(await openEmbeddedDatabase(), env);
    expect(app.modules.map((m) => m.name)).not.toContain('demo');
    expect(await readDemoState(app.db)).toBeUndefined();
    expect(await botCount(app.db)).toBe(0);
  });

  it('loads nothing into a database that already has events, or whose demo data was removed', async () => {
    const withEvents = await openEmbeddedDatabase();
    await storeEvents(withEvents, validateEvents([event('conversation.started', { botId: 'my-bot' })], { storeMessageText: false }).rows);
    expect((await start(withEvents)).modules.map((m) => m.name)).not.toContain('demo');
    expect(await readDemoState(withEvents)).toBeUndefined();
    await running?.stop();

    const removed = await openEmbeddedDatabase();
    await writeDemoState(removed, { status: 'removed', seed: 1, anchor, days: 30, perDay: 1_000, loadedDays: 30 });
    expect((await start(removed)).modules.map((m) => m.name)).not.toContain('demo');
    expect(await botCount(removed)).toBe(0);
  });
});
