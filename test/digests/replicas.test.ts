import { describe, expect, it } from 'vitest';
import { testEngine } from '../helpers/test-database.ts';
import { addDigest, channel, minute, replicaDatabases, runsOf, startReplica, TestClock } from './digest-harness.ts';

const dbs = replicaDatabases();

describe(`digest scheduling across replicas (${testEngine})`, () => {
  it('posts each slot of a simulated day exactly once when two replicas tick every minute', async () => {
    const clock = new TestClock('2026-11-23T23:30:00Z');
    const a = startReplica(dbs.t.db, clock.now, { name: 'replica-a' });
    const b = startReplica(dbs.second, clock.now, { name: 'replica-b' });
    const ids = {
      berlin: await addDigest(a, 'daily 09:00 tz:Europe/Berlin'),
      utcMidnight: await addDigest(b, 'daily 00:00 tz:UTC'),
      newYork: await addDigest(a, 'daily 18:15 tz:America/New_York shop-bot'),
      kolkataWeekly: await addDigest(b, 'weekly tue 12:30 tz:Asia/Kolkata'),
      sales: await addDigest(a, 'daily 09:00 tz:Europe/Berlin shop-bot metrics:handoff,csat', channel('C-SALES')),
      mondays: await addDigest(b, 'weekly mon 09:00 tz:Europe/Berlin'),
    };
    clock.advance(minute);
    for (let i = 0; i < 24 * 60; i++, clock.advance(minute)) {
      // Both replicas tick at the same instant: the most contention a slot can get.
      await Promise.all([a.module.scheduler.tick(), b.module.scheduler.tick()]);
    }

    const posted = [...a.deliverer.delivered(), ...b.deliverer.delivered()];
    expect(posted).toHaveLength(5);
    const expected: [number, string][] = [
      [ids.utcMidnight, '2026-11-24T00:00:00.000Z'],
      [ids.kolkataWeekly, '2026-11-24T07:00:00.000Z'],
      [ids.berlin, '2026-11-24T08:00:00.000Z'],
      [ids.sales, '2026-11-24T08:00:00.000Z'],
      [ids.newYork, '2026-11-24T23:15:00.000Z'],
    ];
    for (const [id, slot] of expected) {
      const runs = await runsOf(dbs.t.db, id);
      expect(runs.map((r) => [r.scheduled_for.toISOString(), r.state])).toEqual([[slot, 'delivered']]);
      expect(['replica-a', 'replica-b']).toContain(runs[0]?.claimed_by);
    }
    expect(await runsOf(dbs.t.db, ids.mondays)).toEqual([]);
    const sales = posted.filter((p) => p.destination.channelId === 'C-SALES');
    expect(sales).toHaveLength(1);
    expect(sales[0]?.reply.figures.map((f) => f.metric)).toEqual(['handoff_rate', 'csat']);
  });

  it('posts once, at the first valid instant, across spring-forward and fall-back nights in Berlin and New York', async () => {
    const clock = new TestClock('2026-03-01T00:00:00Z');
    const a = startReplica(dbs.t.db, clock.now, { name: 'replica-a' });
    const b = startReplica(dbs.second, clock.now, { name: 'replica-b' });
    const nights = [
      { digest: 'daily 02:30 tz:America/New_York', from: '2026-03-08T05:00:00Z', to: '2026-03-08T09:00:00Z', posted: '2026-03-08T07:00:00.000Z' },
      { digest: 'daily 02:30 tz:Europe/Berlin', from: '2026-03-28T23:00:00Z', to: '2026-03-29T03:00:00Z', posted: '2026-03-29T01:00:00.000Z' },
      { digest: 'daily 02:30 tz:Europe/Berlin', from: '2026-10-24T23:00:00Z', to: '2026-10-25T03:00:00Z', posted: '2026-10-25T00:30:00.000Z' },
      { digest: 'daily 01:30 tz:America/New_York', from: '2026-11-01T04:00:00Z', to: '2026-11-01T08:00:00Z', posted: '2026-11-01T05:30:00.000Z' },
    ];
    for (const night of nights) {
      clock.set(night.from);
      const id = await addDigest(a, night.digest, channel('C-DST'));
      for (clock.advance(minute); clock.now() < new Date(night.to); clock.advance(minute)) await Promise.all([a.module.scheduler.tick(), b.module.scheduler.tick()]);
      const runs = await runsOf(dbs.t.db, id);
      expect(runs.map((r) => [r.scheduled_for.toISOString(), r.state, r.started_at?.toISOString()]), night.digest).toEqual([[night.posted, 'delivered', night.posted]]);
      expect((await a.ask(`digest remove ${id}`)).kind).toBe('info');
    }
    expect([...a.deliverer.delivered(), ...b.deliverer.delivered()].filter((d) => d.destination.channelId === 'C-DST')).toHaveLength(4);
  });
});
