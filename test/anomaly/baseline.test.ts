import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBaseline, windowAggregates } from '../../src/anomaly/baseline.ts';
import { judgeWindow } from '../../src/anomaly/judge-window.ts';
import { describeCurrent, describeUsual } from '../../src/anomaly/describe-anomaly.ts';
import { hourOfWeek, sameLocalTimeWeeksBefore } from '../../src/anomaly/week-shift.ts';
import { emptyAggregates } from '../../src/metrics/aggregates.ts';
import type { Aggregates } from '../../src/metrics/aggregates.ts';
import { findMetric } from '../../src/metrics/catalog.ts';
import { ratio } from '../../src/metrics/metric-value.ts';
import { toLocal } from '../../src/time/zoned.ts';

const hourMs = 3_600_000;
const handoff = findMetric('handoff_rate')!;
const measureHandoff = (a: Aggregates) => ratio(a.handed_off, a.conversations, 'none');

function hourRow(conversations: number, handedOff: number): Aggregates {
  return { ...emptyAggregates(), conversations, settled: conversations, handed_off: handedOff };
}

describe('weeks line up by local hour', () => {
  it('across the spring DST change in Berlin, Tuesday 10:00 maps to Tuesday 10:00 (167 h back)', () => {
    // Tue 31 Mar 2026 10:00 CEST = 08:00Z; a week earlier is Tue 24 Mar 10:00 CET = 09:00Z.
    const at = new Date('2026-03-31T08:00:00Z');
    const before = sameLocalTimeWeeksBefore(at, 1, 'Europe/Berlin');
    expect(before.toISOString()).toBe('2026-03-24T09:00:00.000Z');
    expect(hourOfWeek(before, 'Europe/Berlin')).toBe(hourOfWeek(at, 'Europe/Berlin'));
  });

  it('keeps the local hour of the week for any instant, zone and number of weeks', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }), fc.constantFrom(...zones), fc.integer({ min: 1, max: 8 }), (ms, zone, weeks) => {
        const at = new Date(Math.floor(ms / 60_000) * 60_000);
        const before = sameLocalTimeWeeksBefore(at, weeks, zone);
        const a = toLocal(at, zone);
        const b = toLocal(before, zone);
        // Same weekday; same wall time unless it fell in a spring-forward gap (then within the hour after).
        expect(hourOfWeek(before, zone) === hourOfWeek(at, zone) || b.hour === (a.hour + 1) % 24).toBe(true);
        const hours = (at.getTime() - before.getTime()) / hourMs;
        expect(Math.abs(hours - 168 * weeks)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('baseline', () => {
  const zone = 'Europe/Berlin';
  // Judge Tue 31 Mar 2026 10:00–11:00 Berlin (after the DST change) from 8 previous Tuesdays 10:00 local.
  const window = { start: new Date('2026-03-31T08:00:00Z'), end: new Date('2026-03-31T09:00:00Z') };
  const shares = [0.12, 0.14, 0.13, 0.15, 0.5, 0.16, 0.12, 0.14];
  const hours = new Map<number, Aggregates>();
  shares.forEach((share, i) => {
    const start = sameLocalTimeWeeksBefore(window.start, i + 1, zone);
    hours.set(start.getTime(), hourRow(200, Math.round(share * 200)));
    // The UTC hour next to it (wrong if weeks were matched by UTC offset) is very different.
    hours.set(start.getTime() + hourMs, hourRow(200, 180));
    hours.set(start.getTime() - hourMs, hourRow(200, 180));
  });
  const base = { hours, window, timeZone: zone, historyStart: new Date('2026-01-01T00:00:00Z'), excluded: [], measure: measureHandoff };

  it('is the median of the same local hour in previous weeks, robust to one wild week', () => {
    const b = computeBaseline(base);
    expect(b.kind).toBe('baseline');
    if (b.kind !== 'baseline') return;
    expect(b.weeks).toBe(8);
    expect(b.expected).toBeCloseTo(0.14, 5);
    expect(b.spread).toBeLessThan(0.03);
  });

  it('leaves out weeks when an alert on the metric was firing', () => {
    const wild = sameLocalTimeWeeksBefore(window.start, 5, zone);
    const b = computeBaseline({ ...base, excluded: [{ start: new Date(wild.getTime() + 10 * 60_000), end: new Date(wild.getTime() + 2 * hourMs) }] });
    expect(b.kind === 'baseline' && b.excludedWeeks).toBe(1);
    expect(b.kind === 'baseline' && b.observations).not.toContain(0.5);
  });

  it('is learning with fewer than three weeks of history', () => {
    const b = computeBaseline({ ...base, historyStart: new Date(sameLocalTimeWeeksBefore(window.start, 2, zone).getTime() - 1) });
    expect(b).toEqual({ kind: 'learning', weeks: 2 });
    const j = judgeWindow(handoff, { value: 0.9, numerator: 90, denominator: 100 }, b, { sensitivity: 'high', direction: 'both' });
    expect(j).toEqual({ kind: 'unjudged', reason: 'learning (2 of 3 weeks)', learning: true });
  });

  it('takes a partly covered hour in proportion', () => {
    const t = Date.UTC(2026, 2, 3, 10);
    const rows = new Map([[t, hourRow(60, 6)], [t + hourMs, hourRow(120, 0)]]);
    const a = windowAggregates(rows, { start: new Date(t + 30 * 60_000), end: new Date(t + 90 * 60_000) });
    expect(a.conversations).toBeCloseTo(90);
    expect(a.handed_off).toBeCloseTo(3);
  });

  it('judges a spike outside the band and says it in words', () => {
    const b = computeBaseline(base);
    const j = judgeWindow(handoff, { value: 56 / 181, numerator: 56, denominator: 181 }, b, { sensitivity: 'medium', direction: 'up' });
    expect(j.kind).toBe('judged');
    if (j.kind !== 'judged') return;
    expect(j.outside).toBe(true);
    expect(j.distance).toBeGreaterThan(1);
    expect(`${describeCurrent(handoff, j, 3600)}; ${describeUsual(j.band, 'share', window, zone)}`).toMatch(
      /^hand-off 30\.9 % \(56 of 181\) over the last hour; usually \d+(\.\d)?–\d+(\.\d)? % on Tuesdays 10:00–11:00$/,
    );
    const calm = judgeWindow(handoff, { value: 26 / 181, numerator: 26, denominator: 181 }, b, { sensitivity: 'medium', direction: 'both' });
    expect(calm.kind === 'judged' && calm.outside).toBe(false);
  });
});
