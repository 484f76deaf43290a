import { describe, expect, it } from 'vitest';
import type { DueSlot } from '../../src/digests/compute-due-slots.ts';
import { claimSlots } from '../../src/digests/store/runs.ts';
import { testEngine } from '../helpers/test-database.ts';
import { addDigest, replicaDatabases, startReplica, TestClock } from './digest-harness.ts';

const dbs = replicaDatabases();
const day = 86_400_000;

describe(`claiming digest slots from two replicas at once (${testEngine})`, () => {
  it('never deadlocks when the replicas reach for the same slots in opposite orders, and gives each slot to one', async () => {
    const clock = new TestClock('2026-11-23T12:00:00Z');
    const a = startReplica(dbs.t.db, clock.now, { name: 'replica-a' });
    const subscriptions = [await addDigest(a, 'daily 09:00 tz:UTC'), await addDigest(a, 'daily 10:00 tz:UTC')];
    for (let round = 0; round < 5; round++) {
      // 2 subscriptions × 150 days, a different stretch of days each round.
      const slots: DueSlot[] = subscriptions.flatMap((subscriptionId) =>
        Array.from({ length: 150 }, (_v, i) => ({ subscriptionId, scheduledFor: new Date(Date.UTC(2020, 0, 1) + (round * 150 + i) * day), state: 'due' as const })),
      );
      const claim = (replica: string) => ({ replica, now: clock.now(), leaseUntil: new Date(clock.now().getTime() + 60_000), missedDetail: 'late' });
      const [first, second] = await Promise.all([claimSlots(dbs.t.db, slots, claim('replica-a')), claimSlots(dbs.second, [...slots].reverse(), claim('replica-b'))]);
      const taken = [...first.claimed, ...second.claimed].map((r) => `${r.subscriptionId}@${r.scheduledFor.toISOString()}`);
      expect(taken).toHaveLength(slots.length);
      expect(new Set(taken).size).toBe(slots.length);
    }
  });
});
