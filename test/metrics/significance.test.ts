import { describe, expect, it } from 'vitest';
import { compareVerdict } from '../../src/commands/compare.ts';
import { findMetric } from '../../src/metrics/catalog.ts';
import { holmAdjust, normalCdf, twoProportionZTest } from '../../src/metrics/significance.ts';

describe('comparing two rates', () => {
  it('computes the pooled two-proportion z-test', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
    // 142/1000 vs 110/1000: pooled 0.126, se = √(0.126 · 0.874 · 0.002) = 0.014841, z = 0.032 / se = 2.156
    const t = twoProportionZTest(142, 1000, 110, 1000);
    expect(t.z).toBeCloseTo(2.156, 3);
    expect(t.p).toBeCloseTo(0.0311, 3);
    expect(t.significant).toBe(true);
    expect(twoProportionZTest(14, 100, 11, 100).significant).toBe(false);
  });

  it('says it in plain words, and refuses to call a difference on too few conversations', () => {
    const handoff = findMetric('handoff')!;
    expect(compareVerdict(handoff, { x: 142, n: 1000 }, { x: 110, n: 1000 }, 'v2').text).toBe('hand-off 14.2 % vs 11 %, v2 lower by 3.2 pts, significant at 95 % (p = 0.031)');
    expect(compareVerdict(handoff, { x: 3, n: 20 }, { x: 1, n: 20 }, 'v2').text).toBe('hand-off 15 % vs 5 %, v2 lower by 10 pts; not significant: too few conversations');
    expect(compareVerdict(handoff, { x: 140, n: 1000 }, { x: 130, n: 1000 }, 'v2')).toEqual({ text: 'hand-off 14 % vs 13 %, v2 lower by 1 pt; not significant (p = 0.51)', significant: false });
  });

  it('corrects several p-values at once with Holm’s step-down method', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") → 0.03 0.06 0.06 0.02
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((p, i) => expect(adjusted[i]).toBeCloseTo(p, 12));
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([0.2])).toEqual([0.2]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('calls a difference on the corrected p-value and says so', () => {
    const handoff = findMetric('handoff')!;
    // p = 0.031 alone; one of five rates tested → Holm-adjusted 0.156.
    expect(compareVerdict(handoff, { x: 142, n: 1000 }, { x: 110, n: 1000 }, 'v2', { p: 0.156, tests: 5 })).toEqual({
      text: 'hand-off 14.2 % vs 11 %, v2 lower by 3.2 pts; not significant (Holm-adjusted p = 0.16 over 5 rates; p = 0.031 alone)',
      significant: false,
    });
    expect(compareVerdict(handoff, { x: 200, n: 1000 }, { x: 110, n: 1000 }, 'v2', { p: 0.0004, tests: 5 }).text).toBe('hand-off 20 % vs 11 %, v2 lower by 9 pts, significant at 95 % (Holm-adjusted p < 0.001 over 5 rates)');
  });
});
