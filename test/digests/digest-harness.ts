import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createServices } from '../../src/app/create-services.ts';
import type { ServiceRegistry } from '../../src/app/create-services.ts';
import type { Asker, Destination } from '../../src/chat/destination.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { createDigestsModule } from '../../src/digests/digests-module.ts';
import type { DigestsModule } from '../../src/digests/digests-module.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import type { Logger } from '../../src/log.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { RecordingDeliverer } from '../helpers/recording-deliverer.ts';
import { openTestDatabase } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

export { TestClock } from '../helpers/test-clock.ts';

export const minute = 60_000;
export const hour = 60 * minute;

/** One botwatch replica as `serve` builds it: real services, the digests module, a recording Slack deliverer. */
export interface Replica {
  registry: ServiceRegistry;
  module: DigestsModule;
  deliverer: RecordingDeliverer;
  ask(text: string, asker?: Asker): Promise<Reply>;
}

export function startReplica(db: Database, clock: () => Date, options: { name: string; env?: Record<string, string>; deliverer?: RecordingDeliverer; logger?: Logger }): Replica {
  const config = loadConfig({ BOTWATCH_DATA_DIR: '/nonexistent', ...options.env });
  const registry = createServices(config, db, options.logger ?? silentLogger, { now: clock });
  const deliverer = options.deliverer ?? new RecordingDeliverer('slack');
  registry.deliverers.slack = deliverer;
  const module = createDigestsModule(registry.services, { replicaId: options.name });
  Object.assign(registry.runners, module.runners);
  return { registry, module, deliverer, ask: (text, asker = adminIn(channel('C-OPS'))) => registry.services.answer(text, asker) };
}

export const channel = (channelId: string, name = `#${channelId.toLowerCase()}`): Destination => ({ platform: 'slack', channelId, workspaceId: 'T1', name });

export const adminIn = (destination: Destination): Asker => ({ platform: destination.platform, userId: 'U-ADMIN', displayName: 'Ana', isAdmin: true, destination });

/** Stores contract events (validated like the API does). */
export async function loadEvents(db: Database, events: Record<string, unknown>[], now: Date): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const { rows, rejected } = validateEvents(events.slice(i, i + 500), { storeMessageText: false, now });
    expect(rejected).toEqual([]);
    await storeEvents(db, rows);
  }
}

/** A few conversations of `shop-bot` so digests have a bot to report on. */
export function fewShopEvents(): Record<string, unknown>[] {
  return Array.from({ length: 6 }, (_, i) => [
    { id: `few-${i}-a`, type: 'message.received', timestamp: `2026-11-0${1 + (i % 5)}T10:0${i}:00Z`, botId: 'shop-bot', conversationId: `few-${i}`, channel: 'web' },
    { id: `few-${i}-b`, type: 'conversation.ended', timestamp: `2026-11-0${1 + (i % 5)}T10:0${i}:30Z`, botId: 'shop-bot', conversationId: `few-${i}`, channel: 'web' },
  ]).flat();
}

/** Adds a digest through the command, as an admin in `where`; returns its id. */
export async function addDigest(replica: Replica, command: string, where = channel('C-OPS')): Promise<number> {
  const reply = await replica.ask(`digest add ${command}`, adminIn(where));
  expect(reply.kind, `${reply.title}\n${reply.text ?? ''}`).toBe('info');
  const id = /Digest #(\d+) added/.exec(reply.title)?.[1];
  expect(id).toBeDefined();
  return Number(id);
}

/** The scheduled runs of a subscription, oldest slot first. */
export async function runsOf(db: Database, subscriptionId: number): Promise<{ scheduled_for: Date; state: string; claimed_by: string | null; takeovers: number; trigger: string; detail: string | null; started_at: Date | null }[]> {
  return db.query('SELECT scheduled_for, state, claimed_by, takeovers, trigger, detail, started_at FROM digest_runs WHERE subscription_id = $1 ORDER BY scheduled_for, id', [subscriptionId]);
}

/** Removes every digest (between tests that share a database). */
export async function endAllDigests(db: Database): Promise<void> {
  await db.query(`UPDATE digest_subscriptions SET removed_at = '2000-01-01' WHERE removed_at IS NULL`);
}

/**
 * For a test file about replicas: a test database holding {@link fewShopEvents}, and a second
 * connection to it (on the real server a pool of its own, as a second process would have). Each
 * test schedules its own digests: those before it are ended after it, so they do not tick along.
 */
export function replicaDatabases(): { t: TestDatabase; second: Database } {
  const dbs = {} as { t: TestDatabase; second: Database };
  beforeAll(async () => {
    dbs.t = await openTestDatabase();
    dbs.second = dbs.t.openReplica?.() ?? dbs.t.db;
    await loadEvents(dbs.t.db, fewShopEvents(), new Date('2026-11-23T00:00:00Z'));
  });
  afterEach(() => endAllDigests(dbs.t.db));
  afterAll(async () => {
    if (dbs.second !== dbs.t.db) await dbs.second.close();
    await dbs.t?.close();
  });
  return dbs;
}
