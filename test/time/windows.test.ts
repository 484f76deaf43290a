import { describe, expect, it } from 'vitest';
import { bucketStarts, parseWindow } from '../../src/time/windows.ts';
import { fromLocal, startOfDay } from '../../src/time/zoned.ts';

const window = (token: string, now: string, timeZone: string) => {
  const w = parseWindow(token, { now: new Date(now), timeZone });
  if (w === undefined || 'error' in w) throw new Error(`no window: ${JSON.stringify(w)}`);
  return w;
};
const hours = (w: { start: Date; end: Date }) => (w.end.getTime() - w.start.getTime()) / 3_600_000;

describe('windows in a time zone', () => {
  it('starts "today" at local midnight: Auckland and Los Angeles differ', () => {
    const now = '2026-11-23T09:00:00Z'; // 22:00 on 23 Nov in Auckland (+13), 01:00 on 23 Nov in Los Angeles (−8)
    expect(window('today', now, 'Pacific/Auckland').start.toISOString()).toBe('2026-11-22T11:00:00.000Z');
    expect(window('today', now, 'America/Los_Angeles').start.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(window('yesterday', now, 'America/Los_Angeles')).toMatchObject({ start: new Date('2026-11-22T08:00:00Z'), end: new Date('2026-11-23T08:00:00Z') });
  });

  it('makes DST-change days 23 and 25 hours long', () => {
    expect(hours(window('2026-03-29', '2026-04-01T00:00:00Z', 'Europe/Berlin'))).toBe(23);
    expect(hours(window('2026-10-25', '2026-11-01T00:00:00Z', 'Europe/Berlin'))).toBe(25);
    expect(hours(window('2026-03-08', '2026-04-01T00:00:00Z', 'America/New_York'))).toBe(23);
    expect(hours(window('2026-11-01', '2026-11-10T00:00:00Z', 'America/New_York'))).toBe(25);
    expect(bucketStarts(window('2026-10-25', '2026-11-01T00:00:00Z', 'Europe/Berlin'), 'hour', 'Europe/Berlin')).toHaveLength(25);
  });

  it('compares with the previous equal window', () => {
    const w = window('7d', '2026-11-23T12:00:00Z', 'UTC');
    expect(w.previous).toMatchObject({ start: new Date('2026-11-09T12:00:00Z'), end: new Date('2026-11-16T12:00:00Z') });
    const range = window('2026-11-01..2026-11-15', '2026-11-23T12:00:00Z', 'Europe/Berlin');
    expect(range.label).toBe('1 Nov 2026 – 15 Nov 2026');
    // 17 Oct is still summer time in Berlin (+2); 1 Nov is winter time (+1).
    expect(range.previous).toMatchObject({ start: new Date('2026-10-16T22:00:00Z'), end: new Date('2026-10-31T23:00:00Z') });
    const today = window('today', '2026-11-23T12:30:00Z', 'UTC');
    expect(today.previous).toMatchObject({ start: new Date('2026-11-22T00:00:00Z'), end: new Date('2026-11-22T12:30:00Z'), label: 'yesterday at this time' });
    const lastWeek = window('last-week', '2026-11-25T12:00:00Z', 'UTC'); // a Wednesday
    expect(lastWeek).toMatchObject({ start: new Date('2026-11-16T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') });
  });

  it('puts a wall time that does not exist after the gap, and a repeated one at its first occurrence', () => {
    expect(fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
    expect(fromLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // first 02:30 (CEST)
    expect(startOfDay(new Date('2026-11-23T09:00:00Z'), 'Asia/Kolkata').toISOString()).toBe('2026-11-22T18:30:00.000Z');
  });

  it('cuts local hours in zones offset by a fraction of an hour', () => {
    const starts = bucketStarts(window('2026-11-10', '2026-11-20T00:00:00Z', 'Asia/Kathmandu'), 'hour', 'Asia/Kathmandu');
    expect(starts).toHaveLength(24);
    expect(starts[0]?.toISOString()).toBe('2026-11-09T18:15:00.000Z');
    expect(starts[1]?.toISOString()).toBe('2026-11-09T19:15:00.000Z');
  });
});
