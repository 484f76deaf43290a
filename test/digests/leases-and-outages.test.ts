import { describe, expect, it, vi } from 'vitest';
import { DigestScheduler } from '../../src/digests/scheduler.ts';
import { silentLogger } from '../../src/log.ts';
import { RecordingDeliverer } from '../helpers/recording-deliverer.ts';
import { testEngine } from '../helpers/test-database.ts';
import { addDigest, channel, hour, minute, replicaDatabases, runsOf, startReplica, TestClock } from './digest-harness.ts';
import type { Replica } from './digest-harness.ts';

const dbs = replicaDatabases();

/** Ticks both replicas every minute from `from` (inclusive) to `to` (exclusive). */
async function tickEveryMinute(clock: TestClock, replicas: Replica[], from: string, to: string): Promise<void> {
  for (clock.set(from); clock.now() < new Date(to); clock.advance(minute)) await Promise.all(replicas.map((r) => r.module.scheduler.tick()));
}

describe(`leases and outages (${testEngine})`, () => {
  it('posts a slot once after the lease expires when the replica that claimed it died before posting', async () => {
    const clock = new TestClock('2026-12-01T08:50:00Z');
    const survivor = startReplica(dbs.second, clock.now, { name: 'survivor' });
    const id = await addDigest(survivor, 'daily 09:00 tz:UTC', channel('C-LEASE'));
    // The doomed replica claims the 09:00 slot, then never gets to post: its composing never ends,
    // as if the process had been killed right after the claim.
    const doomed = new DigestScheduler({
      db: dbs.t.db,
      deliverers: { slack: new RecordingDeliverer() },
      compose: () => new Promise(() => undefined),
      now: clock.now,
      logger: silentLogger,
      replicaId: 'doomed',
      leaseMs: 5 * minute,
      graceMs: 2 * hour,
    });
    clock.set('2026-12-01T09:00:00Z');
    void doomed.tick();
    await vi.waitFor(async () => expect((await runsOf(dbs.t.db, id)).map((r) => r.claimed_by)).toEqual(['doomed']));

    for (let m = 0; m < 5; m++, clock.advance(minute)) await survivor.module.scheduler.tick();
    expect(survivor.deliverer.deliveries).toEqual([]);
    // 09:05: the lease (5 min) has expired.
    await tickEveryMinute(clock, [survivor], '2026-12-01T09:05:00Z', '2026-12-01T09:15:00Z');
    expect(survivor.deliverer.delivered()).toHaveLength(1);
    expect(await runsOf(dbs.t.db, id)).toMatchObject([{ state: 'delivered', claimed_by: 'survivor', takeovers: 1 }]);
    const history = await survivor.ask(`digest history ${id}`);
    expect(history.table?.rows[0]?.replica).toBe('survivor (taken over 1×)');
  });

  it('does not post again when the replica that posted died before finishing the run', async () => {
    const clock = new TestClock('2026-12-01T10:00:00Z');
    const a = startReplica(dbs.t.db, clock.now, { name: 'a' });
    const id = await addDigest(a, 'daily 11:00 tz:UTC', channel('C-POSTED'));
    clock.set('2026-12-01T11:00:00Z');
    await a.module.scheduler.tick();
    expect(a.deliverer.delivered()).toHaveLength(1);
    // What a replica leaves when it dies right after recording the post: the run still running under its lease.
    await dbs.t.db.query(`UPDATE digest_runs SET state = 'running', finished_at = NULL, lease_until = $2 WHERE subscription_id = $1`, [id, new Date('2026-12-01T11:05:00Z')]);
    const b = startReplica(dbs.second, clock.now, { name: 'b' });
    clock.set('2026-12-01T11:05:00Z');
    expect(await b.module.scheduler.tick()).toMatchObject({ takenOver: 1 });
    expect(b.deliverer.deliveries).toEqual([]);
    expect(await runsOf(dbs.t.db, id)).toMatchObject([{ state: 'delivered', claimed_by: 'b', takeovers: 1 }]);
  });

  it('posts a slot late when every replica was down for an hour across it', async () => {
    const clock = new TestClock('2026-12-02T08:00:00Z');
    const a = startReplica(dbs.t.db, clock.now, { name: 'a' });
    const b = startReplica(dbs.second, clock.now, { name: 'b' });
    const id = await addDigest(a, 'daily 09:00 tz:UTC', channel('C-LATE'));
    await tickEveryMinute(clock, [a, b], '2026-12-02T08:00:00Z', '2026-12-02T08:31:00Z');
    // Down from 08:31 to 09:30.
    await tickEveryMinute(clock, [a, b], '2026-12-02T09:30:00Z', '2026-12-02T10:00:00Z');
    const posted = [...a.deliverer.delivered(), ...b.deliverer.delivered()];
    expect(posted).toHaveLength(1);
    expect(await runsOf(dbs.t.db, id)).toMatchObject([{ scheduled_for: new Date('2026-12-02T09:00:00Z'), state: 'delivered', started_at: new Date('2026-12-02T09:30:00Z') }]);
    const list = await a.ask('digest list', { platform: 'slack', userId: 'U2', isAdmin: false, destination: channel('C-LATE') });
    expect(list.table?.rows[0]?.last).toBe('delivered Wed 2 Dec 09:30 UTC (the Wed 2 Dec 09:00 UTC slot, posted 30 min late)');
  });

  it('records a slot as missed when every replica was down for three hours across it, and posts the next day', async () => {
    const clock = new TestClock('2026-12-03T08:00:00Z');
    const a = startReplica(dbs.t.db, clock.now, { name: 'a' });
    const b = startReplica(dbs.second, clock.now, { name: 'b' });
    const id = await addDigest(a, 'daily 09:00 tz:UTC', channel('C-MISSED'));
    await tickEveryMinute(clock, [a, b], '2026-12-03T08:00:00Z', '2026-12-03T08:31:00Z');
    // Down from 08:31 to 11:30: the 09:00 slot is 2 h 30 min old, past the 2 h grace period.
    await tickEveryMinute(clock, [a, b], '2026-12-03T11:30:00Z', '2026-12-03T11:40:00Z');
    expect([...a.deliverer.deliveries, ...b.deliverer.deliveries]).toEqual([]);
    expect(await runsOf(dbs.t.db, id)).toMatchObject([{ scheduled_for: new Date('2026-12-03T09:00:00Z'), state: 'missed' }]);
    const list = await a.ask('digest list', { platform: 'slack', userId: 'U2', isAdmin: false, destination: channel('C-MISSED') });
    expect(list.table?.rows[0]).toMatchObject({ next: 'Fri 4 Dec 09:00 UTC', last: 'missed the Thu 3 Dec 09:00 UTC slot: no botwatch replica was running within the grace period (2 h) after the slot' });

    await tickEveryMinute(clock, [a, b], '2026-12-04T08:55:00Z', '2026-12-04T09:05:00Z');
    expect([...a.deliverer.delivered(), ...b.deliverer.delivered()]).toHaveLength(1);
    expect((await runsOf(dbs.t.db, id)).map((r) => r.state)).toEqual(['missed', 'delivered']);
  });

  it('follows BOTWATCH_DIGEST_GRACE_MINUTES', async () => {
    const clock = new TestClock('2026-12-05T08:00:00Z');
    const strict = startReplica(dbs.t.db, clock.now, { name: 'strict', env: { BOTWATCH_DIGEST_GRACE_MINUTES: '15' } });
    const id = await addDigest(strict, 'daily 09:00 tz:UTC', channel('C-GRACE'));
    clock.set('2026-12-05T09:20:00Z');
    expect(await strict.module.scheduler.tick()).toMatchObject({ claimed: 0, missed: 1 });
    expect((await runsOf(dbs.t.db, id)).map((r) => r.state)).toEqual(['missed']);
    clock.set('2026-12-06T09:10:00Z');
    expect(await strict.module.scheduler.tick()).toMatchObject({ claimed: 1, missed: 0 });
  });

  it('keeps run history 90 days, and forgets a removed digest once its history is gone', async () => {
    const clock = new TestClock('2026-12-07T08:00:00Z');
    const replica = startReplica(dbs.t.db, clock.now, { name: 'keeper', logger: silentLogger });
    const id = await addDigest(replica, 'daily 09:00 tz:UTC', channel('C-KEEP'));
    await tickEveryMinute(clock, [replica], '2026-12-07T09:00:00Z', '2026-12-07T09:01:00Z');
    expect((await replica.ask(`digest remove ${id}`)).kind).toBe('info');
    const kept = async () => ({
      runs: (await dbs.t.db.query('SELECT 1 FROM digest_runs r JOIN digest_deliveries d ON d.run_id = r.id WHERE r.subscription_id = $1', [id])).length,
      subscription: (await dbs.t.db.query('SELECT 1 FROM digest_subscriptions WHERE id = $1', [id])).length,
    });
    expect(await kept()).toEqual({ runs: 1, subscription: 1 });
    const tickDaysLater = (days: number) => startReplica(dbs.t.db, () => new Date(Date.parse('2026-12-07T09:30:00Z') + days * 24 * hour), { name: `later-${days}` }).module.scheduler.tick();
    await tickDaysLater(89);
    expect(await kept()).toEqual({ runs: 1, subscription: 1 });
    await tickDaysLater(91);
    expect(await kept()).toEqual({ runs: 0, subscription: 0 });
    expect(await dbs.t.db.query('SELECT 1 FROM digest_deliveries d WHERE NOT EXISTS (SELECT 1 FROM digest_runs r WHERE r.id = d.run_id)')).toEqual([]);
  });
});
