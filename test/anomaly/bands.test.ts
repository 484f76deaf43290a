import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandDistance, isOutside, rateBand, volumeBand } from '../../src/anomaly/band.ts';
import { poissonInterval, wilsonInterval } from '../../src/anomaly/intervals.ts';
import { median, scaledMad } from '../../src/anomaly/robust-stats.ts';
import { sensitivities, sensitivityLevels } from '../../src/anomaly/sensitivity.ts';

const runs = { numRuns: 300 };
const sensitivity = fc.constantFrom(...sensitivities);

describe('robust statistics', () => {
  it('median and scaled MAD of a small sample', () => {
    expect(median([0.14, 0.12, 0.5, 0.13])).toBeCloseTo(0.135);
    expect(median([3, 1, 2])).toBe(2);
    // Deviations from 2: 1, 1, 0 → MAD 1, scaled 1.4826; one wild week does not move it.
    expect(scaledMad([1, 2, 3])).toBeCloseTo(1.4826);
    expect(scaledMad([10, 11, 12, 1000])).toBeCloseTo(1.4826 * 1);
  });
});

describe('intervals', () => {
  it('Wilson interval matches the textbook figures', () => {
    // 12 % of 100 at 95 %: 0.0700–0.1981 (Wilson score interval).
    const w = wilsonInterval(0.12, 100, 1.959964);
    expect(w.low).toBeCloseTo(0.07, 3);
    expect(w.high).toBeCloseTo(0.1981, 3);
    // At 0 % it does not collapse: 0 – z²/(n + z²).
    expect(wilsonInterval(0, 20, 1.959964).high).toBeCloseTo(3.8415 / 23.8415, 4);
  });

  it('Poisson interval holds the stated probability', () => {
    // λ = 10 at 95 %: P(X ≤ 3) = 0.0103 < 0.025 < P(X ≤ 4) = 0.0293 → low 4; P(X ≤ 16) = 0.9730 < 0.975 ≤ P(X ≤ 17) = 0.9857 → high 17.
    expect(poissonInterval(10, 0.95, 1.959964)).toEqual({ low: 4, high: 17 });
    const big = poissonInterval(10_000, 0.99, 2.5758293);
    expect(big.low).toBeGreaterThan(9_700);
    expect(big.high).toBeLessThan(10_300);
  });
});

describe('bands (properties)', () => {
  it('a rate band contains the expected share and lies within 0–100 %', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.integer({ min: 1, max: 100_000 }), sensitivity, (p, spread, n, s) => {
        const band = rateBand(p, spread, n, s);
        expect(band.low).toBeLessThanOrEqual(p + 1e-12);
        expect(band.high).toBeGreaterThanOrEqual(p - 1e-12);
        expect(band.low).toBeGreaterThanOrEqual(0);
        expect(band.high).toBeLessThanOrEqual(1);
        expect(isOutside(p, band, 'both')).toBe(false);
      }),
      runs,
    );
  });

  it('a rate band is wider for a smaller denominator', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0, max: 0.1, noNaN: true }), fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 5_000 }), sensitivity, (p, spread, n, extra, s) => {
        const small = rateBand(p, spread, n, s);
        const large = rateBand(p, spread, n + extra, s);
        expect(small.high - small.low).toBeGreaterThan(large.high - large.low - 1e-12);
      }),
      runs,
    );
  });

  it('a volume band contains the expected count; more sensitive is never wider', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 50_000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (lambda, spread) => {
        const bands = sensitivities.map((s) => volumeBand(lambda, spread, s));
        for (const band of bands) {
          expect(band.low).toBeLessThanOrEqual(lambda + 1e-9);
          expect(band.high).toBeGreaterThanOrEqual(lambda - 1e-9);
        }
        const [low, medium, high] = bands;
        expect(low!.high - low!.low).toBeGreaterThanOrEqual(medium!.high - medium!.low - 1e-9);
        expect(medium!.high - medium!.low).toBeGreaterThanOrEqual(high!.high - high!.low - 1e-9);
      }),
      runs,
    );
  });

  it('the baseline spread widens the band', () => {
    const tight = rateBand(0.15, 0, 200, 'medium');
    const loose = rateBand(0.15, 0.05, 200, 'medium');
    expect(loose.high).toBeGreaterThan(tight.high);
    expect(loose.low).toBeLessThan(tight.low);
  });

  it('distance is 1 at the band edge and counts only the watched side', () => {
    const band = { expected: 0.15, low: 0.1, high: 0.2 };
    expect(bandDistance(0.2, band, 'both')).toBeCloseTo(1);
    expect(bandDistance(0.25, band, 'up')).toBeCloseTo(2);
    expect(bandDistance(0.25, band, 'down')).toBe(0);
    expect(bandDistance(0.05, band, 'down')).toBeCloseTo(2);
    expect(isOutside(0.05, band, 'up')).toBe(false);
  });

  it('sensitivity levels are the documented ones', () => {
    expect(Object.fromEntries(sensitivities.map((s) => [s, sensitivityLevels[s].level]))).toEqual({ low: 0.999, medium: 0.99, high: 0.95 });
  });
});
