import { histogramQuantile, latencyBucketEdges } from '../metrics/latency-histogram.ts';
import type { Band } from './band.ts';
import { wilsonInterval } from './intervals.ts';
import type { Range } from './intervals.ts';
import { sensitivityLevels } from './sensitivity.ts';
import type { Sensitivity } from './sensitivity.ts';

/**
 * How uncertain a latency figure read from a sample of replies is, relative to it: the true value
 * behind it may be as much as `below` × the figure under it and `above` × over it (e.g. 0.15 and
 * 0.3: the true p95 behind a p95 read from 180 replies may be 15 % lower or 30 % higher).
 */
export interface RelativeSampling {
  below: number;
  above: number;
}

/**
 * The confidence interval of a q-quantile's *level* from n observations: distribution-free, since
 * the share of n latencies below the true quantile is Binomial(n, q) whatever the latencies'
 * distribution, so the true quantile lies between the sample's (low)- and (high)-quantiles. The
 * Wilson score interval stands in for the exact binomial ranks: it keeps the interval inside 0–1
 * near the tails (p95 over a dozen replies), is a little wider than the exact ranks there, and
 * widens steadily as n shrinks.
 */
export function quantileLevels(q: number, n: number, z: number): Range {
  return wilsonInterval(q, n, z);
}

/**
 * The order-statistic confidence interval of the q-quantile of the latencies a histogram counts
 * (see quantileLevels), as fractions of the histogram's q-quantile. The open last bucket reads
 * as its lower edge, 51.2 s.
 */
export function quantileSampling(histogram: readonly number[], q: number, z: number): RelativeSampling {
  const n = histogram.reduce((s, c) => s + c, 0);
  const value = histogramQuantile(histogram, q);
  if (value === null || value <= 0) return { below: 1, above: Infinity };
  const levels = quantileLevels(q, n, z);
  const low = histogramQuantile(histogram, levels.low) ?? 0;
  const high = histogramQuantile(histogram, levels.high) ?? value;
  return { below: Math.max(0, 1 - low / value), above: Math.max(0, high / value - 1) };
}

/**
 * z standard errors of the mean of the latencies a histogram counts, relative to the mean: the
 * coefficient of variation (from the buckets' geometric middles) over √n. The same both ways.
 */
export function meanSampling(histogram: readonly number[], z: number): RelativeSampling {
  let n = 0;
  let sum = 0;
  let squares = 0;
  histogram.forEach((c, k) => {
    const high = latencyBucketEdges[k] ?? 2 * latencyBucketEdges[latencyBucketEdges.length - 1]!;
    const low = k === 0 ? 0 : latencyBucketEdges[k - 1]!;
    const middle = k === 0 ? high / 2 : Math.sqrt(low * high);
    n += c;
    sum += c * middle;
    squares += c * middle * middle;
  });
  if (n <= 0 || sum <= 0) return { below: 1, above: Infinity };
  const mean = sum / n;
  const relative = (z * Math.sqrt(Math.max(0, squares / n - mean * mean) / n)) / mean;
  return { below: Math.min(1, relative), above: relative };
}

/**
 * The band of a latency figure (p95 or mean reply time), at least 0. It compares two samples: the
 * window's replies and the baseline weeks' (pooled). The window's own interval is turned round —
 * a figure whose interval's low end (figure × (1 − below)) is past the expected value is above the
 * band — so a figure over few replies gets a wide band; the usual figure's own interval and the
 * weeks' spread at the sensitivity's z are added in quadrature on each side, as in the other bands.
 */
export function latencyBand(expected: number, spread: number, current: RelativeSampling, usual: RelativeSampling, sensitivity: Sensitivity): Band {
  const { z } = sensitivityLevels[sensitivity];
  const weeks = z * spread;
  const up = current.below >= 1 ? Infinity : (expected * current.below) / (1 - current.below);
  const down = Number.isFinite(current.above) ? (expected * current.above) / (1 + current.above) : expected;
  const usualUp = Number.isFinite(usual.above) ? expected * usual.above : Infinity;
  const high = expected + Math.hypot(up, usualUp, weeks);
  return { expected, low: Math.max(0, expected - Math.hypot(down, expected * Math.min(1, usual.below), weeks)), high: Number.isFinite(high) ? high : Number.MAX_VALUE };
}
