import { describe, expect, it } from 'vitest';
import { describeChange, formatValue } from '../../src/metrics/format.ts';

describe('formatting figures', () => {
  it('shows each unit the way people read it', () => {
    expect(formatValue(0.75, 'share')).toBe('75 %');
    expect(formatValue(0.1423, 'share')).toBe('14.2 %');
    expect(formatValue(1204, 'count')).toBe('1,204');
    expect(formatValue(850, 'ms')).toBe('850 ms');
    expect(formatValue(12_345, 'ms')).toBe('12.3 s');
    expect(formatValue(185, 's')).toBe('3 min 5 s');
    expect(formatValue(7800, 's')).toBe('2 h 10 min');
    expect(formatValue(3.333, 'score')).toBe('3.3');
    // A bound just below zero (a confidence interval's) rounds to 0.0, not "-0.0".
    expect(formatValue(-0.04, 'score')).toBe('0.0');
    expect(formatValue(-0.06, 'score')).toBe('-0.1');
    expect(formatValue(-0.3, 'count')).toBe('0');
    expect(formatValue(0.9333, 'money', 'EUR')).toBe('0.93 EUR');
    expect(formatValue(null, 'share')).toBe('n/a');
    expect(formatValue(Number.NaN, 'count')).toBe('n/a');
  });

  it('describes a change in points for shares and in % for counts, judged by which way is better', () => {
    expect(describeChange(0.142, 0.11, 'share', 'lower')).toMatchObject({ formatted: '+3.2 pts', direction: 'up', assessment: 'bad' });
    expect(describeChange(0.11, 0.12, 'share', 'lower')).toMatchObject({ formatted: '−1 pt', direction: 'down', assessment: 'good' });
    expect(describeChange(1100, 1000, 'count', 'none')).toMatchObject({ formatted: '+10 %', direction: 'up', assessment: 'neutral' });
    expect(describeChange(5, 0, 'count', 'none')).toMatchObject({ formatted: '+5', relative: null });
    expect(describeChange(0.5, 0.5, 'share', 'higher')).toMatchObject({ direction: 'flat', assessment: 'neutral' });
    expect(describeChange(900, 1000, 'ms', 'lower')).toMatchObject({ formatted: '−100 ms', assessment: 'good' });
    expect(describeChange(null, 0.5, 'share', 'higher')).toBeUndefined();
  });
});
