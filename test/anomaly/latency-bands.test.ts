import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandMeasure } from '../../src/anomaly/banded-measure.ts';
import { describeCurrent, describeUsual } from '../../src/anomaly/describe-anomaly.ts';
import { judgeWindow } from '../../src/anomaly/judge-window.ts';
import { latencyBand, meanSampling, quantileLevels, quantileSampling } from '../../src/anomaly/latency-band.ts';
import { sensitivities, sensitivityLevels } from '../../src/anomaly/sensitivity.ts';
import { emptyAggregates } from '../../src/metrics/aggregates.ts';
import { findMetric } from '../../src/metrics/catalog.ts';
import { histogramQuantile, latencyBucket, latencyBucketEdges, latencyBucketNames } from '../../src/metrics/latency-histogram.ts';
import { Random } from '../../src/gen/random.ts';

const runs = { numRuns: 200 };
const sensitivity = fc.constantFrom(...sensitivities);
/** A histogram of `n` log-normal latencies around `medianMs`. */
function histogram(n: number, medianMs: number, seed = 1): number[] {
  const random = new Random(seed);
  const counts = latencyBucketNames.map(() => 0);
  for (let i = 0; i < n; i++) counts[latencyBucket(random.logNormal(medianMs, 0.5))]!++;
  return counts;
}
const scaled = (h: readonly number[], k: number) => h.map((c) => c * k);

describe('latency histogram', () => {
  it('buckets are √2 apart from 100 ms to 51.2 s, then open', () => {
    expect(latencyBucketEdges[0]).toBe(100);
    expect(latencyBucketEdges.at(-1)).toBe(51_200);
    expect(latencyBucket(99)).toBe(0);
    expect(latencyBucket(100)).toBe(1);
    expect(latencyBucket(60_000)).toBe(latencyBucketNames.length - 1);
  });

  it('reads a quantile within the bucket holding it, close to the exact one', () => {
    const random = new Random(7);
    const latencies = Array.from({ length: 5_000 }, () => random.logNormal(900, 0.5)).sort((a, b) => a - b);
    const counts = latencyBucketNames.map(() => 0);
    for (const ms of latencies) counts[latencyBucket(ms)]!++;
    for (const q of [0.5, 0.95]) {
      const exact = latencies[Math.floor(q * latencies.length)]!;
      expect(Math.abs(histogramQuantile(counts, q)! / exact - 1)).toBeLessThan(0.09);
    }
    expect(histogramQuantile(latencyBucketNames.map(() => 0), 0.95)).toBeNull();
  });

  it('the migration counts replies into the same buckets as the code', async () => {
    const { readFileSync } = await import('node:fs');
    const sql = readFileSync(new URL('../../migrations/0016_latency_histogram_and_bot_time_zone.sql', import.meta.url), 'utf8');
    const bounds = [...sql.matchAll(/count\(\*\) FILTER \(WHERE latency_ms >= (\d+)(?: AND latency_ms < (\d+))?\) AS (latency_b\d\d)/g)];
    expect(bounds.map((m) => m[3])).toEqual([...latencyBucketNames]);
    expect(bounds.slice(1).map((m) => Number(m[1]))).toEqual(latencyBucketEdges);
    expect(bounds.slice(0, -1).map((m) => Number(m[2]))).toEqual(latencyBucketEdges);
  });
});

describe('latency bands (properties)', () => {
  it('the quantile level interval holds q and narrows as replies grow', () => {
    fc.assert(
      fc.property(fc.constantFrom(0.5, 0.9, 0.95, 0.99), fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 20 }), sensitivity, (q, n, k, s) => {
        const { z } = sensitivityLevels[s];
        const few = quantileLevels(q, n, z);
        const many = quantileLevels(q, n * (k + 1), z);
        expect(few.low).toBeLessThanOrEqual(q);
        expect(few.high).toBeGreaterThanOrEqual(q);
        expect(many.high - many.low).toBeLessThan(few.high - few.low);
      }),
      runs,
    );
  });

  it('a band contains the expected value and is wider over fewer replies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 2, max: 10 }), fc.double({ min: 200, max: 5_000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), fc.integer({ min: 1, max: 1_000 }), sensitivity, (n, k, expected, spread, seed, s) => {
        const { z } = sensitivityLevels[s];
        const few = histogram(n, expected / 2, seed);
        const usual = histogram(800, expected / 2, seed + 1);
        for (const sampling of [(h: number[]) => quantileSampling(h, 0.95, z), (h: number[]) => meanSampling(h, z)]) {
          const wide = latencyBand(expected, spread, sampling(few), sampling(usual), s);
          const narrow = latencyBand(expected, spread, sampling(scaled(few, k)), sampling(usual), s);
          expect(wide.low).toBeLessThanOrEqual(expected);
          expect(wide.high).toBeGreaterThanOrEqual(expected);
          expect(wide.low).toBeGreaterThanOrEqual(0);
          expect(wide.high - wide.low).toBeGreaterThanOrEqual(narrow.high - narrow.low - 1e-9);
        }
      }),
      runs,
    );
  });

  it('a higher sensitivity gives a narrower band', () => {
    const h = histogram(180, 700);
    const usual = histogram(720, 700, 2);
    const band = (s: (typeof sensitivities)[number]) => latencyBand(1_500, 80, quantileSampling(h, 0.95, sensitivityLevels[s].z), quantileSampling(usual, 0.95, sensitivityLevels[s].z), s);
    expect(band('high').high).toBeLessThan(band('medium').high);
    expect(band('medium').high).toBeLessThan(band('low').high);
  });
});

describe('judging a reply time', () => {
  const p95 = findMetric('p95_response_ms')!;
  const aggregates = (h: readonly number[]) => {
    const a = emptyAggregates();
    h.forEach((c, k) => (a[latencyBucketNames[k]!] = c));
    return a;
  };
  // Four usual weeks of about 180 replies each at this hour.
  const baseline = { kind: 'baseline' as const, weeks: 4, excludedWeeks: 0, observations: [1_300, 1_350, 1_400, 1_380], expected: 1_365, spread: 45, histogram: histogram(720, 620, 9) };
  const options = { sensitivity: 'medium' as const, direction: 'up' as const };
  const judge = (h: readonly number[]) => judgeWindow(p95, bandMeasure(p95)(aggregates(h), { sends: () => true }), baseline, options);

  it('p95 of a usual hour is inside its band; twice as slow is outside', () => {
    const usual = judge(histogram(180, 620, 3));
    expect(usual.kind === 'judged' && usual.denominator).toBe(180);
    expect(usual.kind === 'judged' && usual.outside).toBe(false);
    expect(judge(histogram(180, 1_300, 3))).toMatchObject({ kind: 'judged', outside: true });
  });

  it('a p95 over a handful of replies needs a bigger rise to be unusual than one over hundreds', () => {
    const few = judge(histogram(8, 620, 3));
    const many = judge(scaled(histogram(8, 620, 3), 50));
    if (few.kind !== 'judged' || many.kind !== 'judged') throw new Error('both are judged');
    expect(few.band.high - few.band.expected).toBeGreaterThan(2 * (many.band.high - many.band.expected));
    // 2.1 s is unusual over 400 replies, not over 8.
    expect(2_100).toBeGreaterThan(many.band.high);
    expect(2_100).toBeLessThan(few.band.high);
  });

  it('says it in words: the figure, its replies, and the usual range on that weekday and hour', () => {
    const m = { value: 4_230, numerator: null, denominator: 180 };
    expect(describeCurrent(p95, m, 3_600)).toBe('reply time p95 4.2 s over the last hour (180 replies)');
    const tuesday = { start: new Date('2026-11-10T09:00:00Z'), end: new Date('2026-11-10T10:00:00Z') };
    expect(describeUsual({ low: 1_120, high: 1_560 }, 'ms', tuesday, 'Europe/Berlin')).toBe('usually 1.1–1.6 s on Tuesdays 10:00–11:00');
    expect(describeUsual({ low: 640, high: 1_560 }, 'ms', tuesday, 'UTC')).toBe('usually 640 ms–1.6 s on Tuesdays 09:00–10:00');
  });
});
