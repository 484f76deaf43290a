import { describe, expect, it } from 'vitest';
import { Random } from '../../src/gen/random.ts';

describe('Random.poisson', () => {
  it.each([0.5, 4, 25, 60])('draws counts whose mean and variance are both the rate (λ = %s)', (lambda) => {
    const r = new Random(11);
    const n = 20_000;
    const draws = Array.from({ length: n }, () => r.poisson(lambda));
    const mean = draws.reduce((a, b) => a + b, 0) / n;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    // Standard error of the mean is √(λ/n) ≤ 0.055 here; of the variance about λ·√(2/n) ≤ 0.6.
    expect(mean).toBeGreaterThan(lambda - 5 * Math.sqrt(lambda / n));
    expect(mean).toBeLessThan(lambda + 5 * Math.sqrt(lambda / n));
    expect(variance / lambda).toBeGreaterThan(0.93);
    expect(variance / lambda).toBeLessThan(1.07);
    expect(draws.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
  });

  it('gives no arrivals for a rate of zero', () => {
    expect(new Random(1).poisson(0)).toBe(0);
  });
});
