import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryResult } from '../../src/chat/deliver.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { addDigest, adminIn, channel, endAllDigests, fewShopEvents, loadEvents, minute, runsOf, startReplica, TestClock } from './digest-harness.ts';
import type { Replica } from './digest-harness.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await loadEvents(t.db, fewShopEvents(), new Date('2026-11-23T00:00:00Z'));
});
afterEach(() => endAllDigests(t.db));
afterAll(() => t?.close());

const rateLimited = (retryAfterSeconds?: number): DeliveryResult => ({ ok: false, kind: 'transient', reason: 'ratelimited (HTTP 429)', ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
const deliveriesOf = (subscriptionId: number) =>
  t.db.query<{ state: string; attempts: number; message_id: string | null; reason: string | null }>(
    'SELECT d.state, d.attempts, d.message_id, d.reason FROM digest_deliveries d JOIN digest_runs r ON r.id = d.run_id WHERE r.subscription_id = $1 ORDER BY r.scheduled_for',
    [subscriptionId],
  );

async function tickUntil(clock: TestClock, replica: Replica, to: string): Promise<void> {
  for (; clock.now() < new Date(to); clock.advance(minute)) await replica.module.scheduler.tick();
}

describe(`digest delivery (${testEngine})`, () => {
  it('retries a 429 with backoff and delivers once: failing twice, then succeeding', async () => {
    const clock = new TestClock('2026-12-10T08:50:00Z');
    const replica = startReplica(t.db, clock.now, { name: 'r' });
    const id = await addDigest(replica, 'daily 09:00 tz:UTC', channel('C-RETRY'));
    replica.deliverer.failNext(rateLimited(30), rateLimited());
    clock.set('2026-12-10T09:00:00Z');
    await tickUntil(clock, replica, '2026-12-10T09:02:00Z');
    // 09:00 failed (wait 1 min; Retry-After 30 s is shorter), 09:01 failed (wait 2 min): retrying at 09:03.
    expect(replica.deliverer.deliveries.map((d) => d.result.ok)).toEqual([false, false]);
    const waiting = await replica.ask('digest list', adminIn(channel('C-RETRY')));
    expect(waiting.table?.rows[0]?.last).toBe('retrying (the Thu 10 Dec 09:00 UTC slot): #c-retry attempt 3 at Thu 10 Dec 09:03 UTC after "ratelimited (HTTP 429)"');

    await tickUntil(clock, replica, '2026-12-10T09:10:00Z');
    expect(replica.deliverer.deliveries.map((d) => d.result.ok)).toEqual([false, false, true]);
    expect(replica.deliverer.delivered()).toHaveLength(1);
    expect(await deliveriesOf(id)).toEqual([{ state: 'delivered', attempts: 3, message_id: 'm1', reason: null }]);
    expect((await runsOf(t.db, id)).map((r) => r.state)).toEqual(['delivered']);
    const list = await replica.ask('digest list', adminIn(channel('C-RETRY')));
    expect(list.table?.rows[0]?.last).toBe('delivered Thu 10 Dec 09:03 UTC (the Thu 10 Dec 09:00 UTC slot)');
    const history = await replica.ask(`digest history ${id}`);
    expect(history.table?.rows[0]?.messages).toBe('#c-retry: delivered m1');
  });

  it('waits as long as the platform asks (Retry-After) before the next attempt', async () => {
    const clock = new TestClock('2026-12-11T08:50:00Z');
    const replica = startReplica(t.db, clock.now, { name: 'r' });
    await addDigest(replica, 'daily 09:00 tz:UTC', channel('C-WAIT'));
    replica.deliverer.failNext(rateLimited(300));
    clock.set('2026-12-11T09:00:00Z');
    await tickUntil(clock, replica, '2026-12-11T09:05:00Z');
    expect(replica.deliverer.deliveries).toHaveLength(1);
    await tickUntil(clock, replica, '2026-12-11T09:06:00Z');
    expect(replica.deliverer.delivered()).toHaveLength(1);
  });

  it('gives up after five transient failures and records the reason', async () => {
    const clock = new TestClock('2026-12-12T08:50:00Z');
    const replica = startReplica(t.db, clock.now, { name: 'r' });
    const id = await addDigest(replica, 'daily 09:00 tz:UTC', channel('C-DOWN'));
    replica.deliverer.failNext(...Array.from({ length: 5 }, () => ({ ok: false as const, kind: 'transient' as const, reason: 'HTTP 503' })));
    clock.set('2026-12-12T09:00:00Z');
    await tickUntil(clock, replica, '2026-12-12T10:00:00Z');
    expect(replica.deliverer.deliveries).toHaveLength(5);
    expect(await deliveriesOf(id)).toEqual([{ state: 'failed', attempts: 5, message_id: null, reason: 'gave up after 5 attempts: HTTP 503' }]);
    expect((await runsOf(t.db, id)).map((r) => r.state)).toEqual(['failed']);
    const list = await replica.ask('digest list', adminIn(channel('C-DOWN')));
    expect(list.table?.rows[0]?.last).toMatch(/^failed Sat 12 Dec 09:15 UTC \(the Sat 12 Dec 09:00 UTC slot\): #c-down: not delivered \(gave up after 5 attempts: HTTP 503, 5 attempts\)$/);
  });

  it('pauses the subscription when the channel is gone, says why and how to resume, and posts again once resumed', async () => {
    const clock = new TestClock('2026-12-13T08:50:00Z');
    const replica = startReplica(t.db, clock.now, { name: 'r' });
    const id = await addDigest(replica, 'daily 09:00 tz:UTC', channel('C-GONE'));
    replica.deliverer.failNext({ ok: false, kind: 'gone', reason: 'channel_not_found' });
    clock.set('2026-12-13T09:00:00Z');
    await tickUntil(clock, replica, '2026-12-14T09:30:00Z');
    // One attempt, then nothing: not the next minute, not the next day.
    expect(replica.deliverer.deliveries).toHaveLength(1);
    expect(await deliveriesOf(id)).toEqual([{ state: 'gone', attempts: 1, message_id: null, reason: 'channel_not_found' }]);
    const list = await replica.ask('digest list all');
    expect(list.table?.rows[0]).toMatchObject({ next: 'paused', last: expect.stringContaining('#c-gone: botwatch can no longer post there (channel_not_found)') as unknown });
    expect(list.notes).toEqual([
      `#${id} is paused since Sun 13 Dec 09:00 UTC: botwatch can no longer post to #c-gone (channel_not_found). Add botwatch back to #c-gone (or reinstall the app), then /botwatch digest resume ${id}.`,
    ]);

    clock.set('2026-12-14T10:00:00Z');
    expect((await replica.ask(`digest resume ${id}`)).title).toBe(`Digest #${id} resumed`);
    await tickUntil(clock, replica, '2026-12-15T09:01:00Z');
    expect(replica.deliverer.delivered()).toHaveLength(1);
    expect((await runsOf(t.db, id)).map((r) => [r.scheduled_for.toISOString(), r.state])).toEqual([
      ['2026-12-13T09:00:00.000Z', 'failed'],
      ['2026-12-15T09:00:00.000Z', 'delivered'],
    ]);
  });

  it('does not retry a failure that retrying will not fix, and keeps the subscription', async () => {
    const clock = new TestClock('2026-12-16T08:50:00Z');
    const replica = startReplica(t.db, clock.now, { name: 'r' });
    const id = await addDigest(replica, 'daily 09:00 tz:UTC', channel('C-BAD'));
    replica.deliverer.failNext({ ok: false, kind: 'failed', reason: 'invalid_blocks' });
    clock.set('2026-12-16T09:00:00Z');
    await tickUntil(clock, replica, '2026-12-17T09:01:00Z');
    expect(replica.deliverer.deliveries.map((d) => d.result.ok)).toEqual([false, true]);
    expect((await runsOf(t.db, id)).map((r) => r.state)).toEqual(['failed', 'delivered']);
  });

  it('treats a deliverer that throws as a transient failure, and reports a platform that is not configured', async () => {
    const clock = new TestClock('2026-12-18T08:50:00Z');
    const replica = startReplica(t.db, clock.now, { name: 'r' });
    let throws = true;
    const original = replica.deliverer.deliver.bind(replica.deliverer);
    replica.deliverer.deliver = (destination, reply, options) => {
      if (throws) {
        throws = false;
        return Promise.reject(new Error('socket hang up'));
      }
      return original(destination, reply, options);
    };
    const slack = await addDigest(replica, 'daily 09:00 tz:UTC', channel('C-THROW'));
    const teams = await addDigest(replica, 'daily 09:00 tz:UTC', { platform: 'teams', channelId: '19:abc@thread.tacv2', name: 'Ops' });
    clock.set('2026-12-18T09:00:00Z');
    await tickUntil(clock, replica, '2026-12-18T09:05:00Z');
    expect(await deliveriesOf(slack)).toEqual([{ state: 'delivered', attempts: 2, message_id: 'm1', reason: null }]);
    expect(await deliveriesOf(teams)).toEqual([{ state: 'failed', attempts: 1, message_id: null, reason: 'this botwatch has no teams connection configured' }]);
  });
});
