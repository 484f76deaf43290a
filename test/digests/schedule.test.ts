import { describe, expect, it } from 'vitest';
import { computeDueSlots } from '../../src/digests/compute-due-slots.ts';
import type { ScheduledSubscription } from '../../src/digests/compute-due-slots.ts';
import { describeSchedule, nextRuns, slotsBetween } from '../../src/digests/schedule.ts';
import type { DigestSchedule } from '../../src/digests/schedule.ts';

const hour = 3_600_000;
const daily = (time: string, timeZone: string): DigestSchedule => ({ cadence: 'daily', hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)), timeZone });
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const options = { graceMs: 2 * hour, lookbackMs: 8 * 24 * hour };

/**
 * What a replica ticking every minute would claim over [from, to): computeDueSlots at each minute,
 * planning from the latest slot recorded so far (as the database would answer).
 */
function simulateTicks(schedule: DigestSchedule, from: string, to: string): string[] {
  const subscription: ScheduledSubscription = { id: 1, schedule, activeSince: new Date(Date.parse(from) - 1), lastSlot: null };
  const claimed: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += 60_000) {
    for (const slot of computeDueSlots([subscription], new Date(t), options)) {
      claimed.push(`${slot.scheduledFor.toISOString()} ${slot.state} at ${new Date(t).toISOString()}`);
      subscription.lastSlot = slot.scheduledFor;
    }
  }
  return claimed;
}

describe('digest slots across daylight-saving changes', () => {
  it('Europe/Berlin spring forward: 02:30 does not exist on 29 Mar 2026, so it runs at 03:00 CEST, once', () => {
    expect(iso(slotsBetween(daily('02:30', 'Europe/Berlin'), new Date('2026-03-27T12:00:00Z'), new Date('2026-03-31T00:00:00Z')))).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the first instant after the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
    expect(simulateTicks(daily('02:30', 'Europe/Berlin'), '2026-03-28T22:00:00Z', '2026-03-29T22:00:00Z')).toEqual(['2026-03-29T01:00:00.000Z due at 2026-03-29T01:00:00.000Z']);
  });

  it('Europe/Berlin fall back: 02:30 occurs twice on 25 Oct 2026 and runs once, at the first', () => {
    expect(iso(slotsBetween(daily('02:30', 'Europe/Berlin'), new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T12:00:00Z')))).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 CEST; 02:30 CET (01:30Z) is not a second slot
      '2026-10-26T01:30:00.000Z',
    ]);
    expect(simulateTicks(daily('02:30', 'Europe/Berlin'), '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z')).toEqual(['2026-10-25T00:30:00.000Z due at 2026-10-25T00:30:00.000Z']);
  });

  it('America/New_York spring forward: 02:30 does not exist on 8 Mar 2026, so it runs at 03:00 EDT, once', () => {
    expect(iso(slotsBetween(daily('02:30', 'America/New_York'), new Date('2026-03-07T12:00:00Z'), new Date('2026-03-09T12:00:00Z')))).toEqual([
      '2026-03-08T07:00:00.000Z', // 03:00 EDT
      '2026-03-09T06:30:00.000Z',
    ]);
    expect(simulateTicks(daily('02:30', 'America/New_York'), '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toEqual(['2026-03-08T07:00:00.000Z due at 2026-03-08T07:00:00.000Z']);
  });

  it('America/New_York fall back: 01:30 occurs twice on 1 Nov 2026 and runs once, at the first', () => {
    expect(iso(slotsBetween(daily('01:30', 'America/New_York'), new Date('2026-10-31T12:00:00Z'), new Date('2026-11-02T12:00:00Z')))).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30Z) is not a second slot
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(simulateTicks(daily('01:30', 'America/New_York'), '2026-11-01T04:00:00Z', '2026-11-02T04:00:00Z')).toEqual(['2026-11-01T05:30:00.000Z due at 2026-11-01T05:30:00.000Z']);
  });

  it('keeps a weekly slot on its weekday across a change, and a 23- or 25-hour day keeps one daily slot', () => {
    const weekly: DigestSchedule = { cadence: 'weekly', weekday: 7, hour: 9, minute: 0, timeZone: 'Europe/Berlin' };
    expect(iso(nextRuns(weekly, new Date('2026-10-20T00:00:00Z'), 3))).toEqual(['2026-10-25T08:00:00.000Z', '2026-11-01T08:00:00.000Z', '2026-11-08T08:00:00.000Z']);
    expect(slotsBetween(daily('09:00', 'Europe/Berlin'), new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T22:00:00Z'))).toHaveLength(1);
    expect(slotsBetween(daily('09:00', 'Europe/Berlin'), new Date('2026-10-24T22:00:00Z'), new Date('2026-10-25T23:00:00Z'))).toHaveLength(1);
  });
});

describe('due slots', () => {
  const schedule = daily('09:00', 'UTC');
  const at = (s: string) => new Date(s);

  it('owes nothing before the subscription started, nor at or before the last slot recorded', () => {
    expect(computeDueSlots([{ id: 1, schedule, activeSince: at('2026-12-01T09:00:30Z'), lastSlot: null }], at('2026-12-01T09:05:00Z'), options)).toEqual([]);
    expect(computeDueSlots([{ id: 1, schedule, activeSince: at('2026-11-01T00:00:00Z'), lastSlot: at('2026-12-01T09:00:00Z') }], at('2026-12-01T10:00:00Z'), options)).toEqual([]);
  });

  it('marks slots within the grace period due and older ones missed', () => {
    const due = computeDueSlots([{ id: 7, schedule, activeSince: at('2026-11-28T00:00:00Z'), lastSlot: at('2026-11-28T09:00:00Z') }], at('2026-12-01T10:59:00Z'), options);
    expect(due.map((s) => [s.scheduledFor.toISOString(), s.state])).toEqual([
      ['2026-11-29T09:00:00.000Z', 'missed'],
      ['2026-11-30T09:00:00.000Z', 'missed'],
      ['2026-12-01T09:00:00.000Z', 'due'],
    ]);
    expect(computeDueSlots([{ id: 7, schedule, activeSince: at('2026-11-28T00:00:00Z'), lastSlot: at('2026-11-30T09:00:00Z') }], at('2026-12-01T11:00:01Z'), options)[0]?.state).toBe('missed');
  });

  it('looks back only so far after a long outage', () => {
    const due = computeDueSlots([{ id: 1, schedule, activeSince: at('2026-01-01T00:00:00Z'), lastSlot: null }], at('2026-12-01T09:30:00Z'), options);
    expect(due).toHaveLength(8);
    expect(due.at(-1)?.state).toBe('due');
  });

  it('describes a schedule', () => {
    expect(describeSchedule({ cadence: 'weekly', weekday: 1, hour: 9, minute: 5, timeZone: 'Europe/Berlin' })).toBe('weekly Mon 09:05 Europe/Berlin');
    expect(describeSchedule(daily('17:30', 'UTC'))).toBe('daily 17:30 UTC');
  });
});
