import { describe, expect, it } from 'vitest';
import { axisLabelExpression } from '../../src/charts/axis-format.ts';
import { formatValue } from '../../src/metrics/format.ts';
import { measureText, truncateToWidth, wrapToWidth } from '../../src/charts/measure-text.ts';
import { niceZeroDomain } from '../../src/charts/nice-domain.ts';
import { timeAxisTicks } from '../../src/charts/time-axis.ts';
import { wallClockMs } from '../../src/time/zoned.ts';

describe('formatValue', () => {
  it('prints values the way the reply model does', () => {
    expect(formatValue(0.142, 'share')).toBe('14.2 %');
    expect(formatValue(0.11, 'share')).toBe('11 %');
    expect(formatValue(1_204, 'count')).toBe('1,204');
    expect(formatValue(1_850, 'ms')).toBe('1,850 ms');
    expect(formatValue(12.345, 's')).toBe('12 s');
    expect(formatValue(null, 'share')).toBe('n/a');
  });

  it('never rounds a non-zero share to 0 % or a partial one to 100 %', () => {
    expect(formatValue(0.0001, 'share')).toBe('< 0.1 %');
    expect(formatValue(0.9999, 'share')).toBe('> 99.9 %');
    expect(formatValue(0, 'share')).toBe('0 %');
    expect(formatValue(1, 'share')).toBe('100 %');
  });

  it('labels share axes in percent with a space, like the figures', () => {
    expect(axisLabelExpression('share')).toBe(`format(datum.value * 100, ',~f') + ' %'`);
  });
});

describe('text measurement with the bundled font', () => {
  it('measures DejaVu Sans advance widths (bold is wider)', () => {
    // DejaVu Sans: "M" advances 1767/2048 em, a space 651/2048 em.
    expect(measureText('M', 2048)).toBeCloseTo(1767, 0);
    expect(measureText(' ', 2048)).toBeCloseTo(651, 0);
    expect(measureText('Hand-off rate', 12, true)).toBeGreaterThan(measureText('Hand-off rate', 12));
  });

  it('truncates with an ellipsis to fit a width', () => {
    const label = 'billing_question_about_an_invoice_that_was_charged_twice';
    const short = truncateToWidth(label, 150, 12);
    expect(short.endsWith('…')).toBe(true);
    expect(measureText(short, 12)).toBeLessThanOrEqual(150);
    expect(truncateToWidth('web', 150, 12)).toBe('web');
  });

  it('wraps at spaces and truncates the last allowed line', () => {
    const lines = wrapToWidth('one two three four five six seven eight nine ten', 100, 12, false, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith('…')).toBe(true);
    for (const line of lines) expect(measureText(line, 12)).toBeLessThanOrEqual(100);
    expect(wrapToWidth('short', 100, 12, false, 2)).toEqual(['short']);
  });
});

describe('time axis', () => {
  it('reads instants as wall-clock time in the team zone, across a DST change', () => {
    // Berlin leaves summer time on 2026-10-25: midnight is 22:00Z before and 23:00Z after.
    expect(new Date(wallClockMs('2026-10-24T22:00:00Z', 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(new Date(wallClockMs('2026-10-25T23:00:00Z', 'Europe/Berlin')).toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });

  it('puts 30 daily buckets on Mondays and 24 hourly buckets on round hours', () => {
    const day = 86_400_000;
    const first = Date.parse('2026-10-25T00:00:00Z');
    const weekly = timeAxisTicks(first, first + 29 * day, 'day', 10);
    expect(weekly.map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    const hours = timeAxisTicks(first, first + 23 * 3_600_000, 'hour', 8);
    expect(hours.map((t) => new Date(t).getUTCHours())).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
  });
});

describe('niceZeroDomain', () => {
  it('starts at zero and ends on a round tick at or above the largest value', () => {
    expect(niceZeroDomain([0.131, 0.19, 0.2], 6)).toEqual([0, 0.2]);
    expect(niceZeroDomain([0.1, 0.218], 6)).toEqual([0, 0.25]);
    expect(niceZeroDomain([7_654, 12_754], 6)).toEqual([0, 14_000]);
  });

  it('still gives a usable domain with no values or only zeros', () => {
    expect(niceZeroDomain([], 6)).toEqual([0, 1]);
    expect(niceZeroDomain([0, 0], 6)).toEqual([0, 1]);
  });
});
