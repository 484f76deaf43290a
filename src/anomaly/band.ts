import { poissonInterval, wilsonInterval } from './intervals.ts';
import type { Range } from './intervals.ts';
import { sensitivityLevels } from './sensitivity.ts';
import type { Sensitivity } from './sensitivity.ts';

/** Where a value is expected to be: the expected value and the band around it. */
export interface Band extends Range {
  expected: number;
}

/** Widens each side of an interval by the baseline's own spread (added in quadrature, at the same z). */
function widen(expected: number, interval: Range, spread: number, z: number): Range {
  const extra = z * spread;
  return { low: expected - Math.hypot(expected - interval.low, extra), high: expected + Math.hypot(interval.high - expected, extra) };
}

/**
 * The band of a share: the Wilson interval around the expected share for the current window's
 * denominator `n` (wide over a handful of conversations, narrow over thousands), widened by the
 * baseline's spread; within 0–100 %.
 */
export function rateBand(expected: number, spread: number, n: number, sensitivity: Sensitivity): Band {
  const { z } = sensitivityLevels[sensitivity];
  const w = widen(expected, wilsonInterval(expected, n, z), spread, z);
  return { expected, low: Math.max(0, w.low), high: Math.min(1, w.high) };
}

/**
 * The band of a count: the central Poisson interval around the expected count, widened by the
 * baseline's spread; at least 0. A time of the week that was usually empty is judged as if one
 * conversation were expected, so a single conversation at 3 am is not unusual.
 */
export function volumeBand(expected: number, spread: number, sensitivity: Sensitivity): Band {
  const { level, z } = sensitivityLevels[sensitivity];
  const w = widen(expected, poissonInterval(Math.max(1, expected), level, z), spread, z);
  return { expected, low: Math.max(0, w.low), high: Math.max(expected, w.high) };
}

/** Which way a value may leave its band to count: above it, below it, or either. */
export type AnomalyDirection = 'up' | 'down' | 'both';

/**
 * How far a value is from the expected, in units of the band's half-width on its side: 1 at the
 * band's edge, more outside it; 0 when the direction does not count that side. Ranks anomalies.
 */
export function bandDistance(value: number, band: Band, direction: AnomalyDirection): number {
  if (value > band.expected && direction !== 'down') return (value - band.expected) / Math.max(band.high - band.expected, 1e-9);
  if (value < band.expected && direction !== 'up') return (band.expected - value) / Math.max(band.expected - band.low, 1e-9);
  return 0;
}

/** Outside the band (strictly past its edge) on a side the direction counts. */
export const isOutside = (value: number, band: Band, direction: AnomalyDirection): boolean =>
  (direction !== 'down' && value > band.high) || (direction !== 'up' && value < band.low);

/** Hysteresis: a firing anomaly clears only once the value is back within 90 % of the band's half-width. */
export const recoveryFraction = 0.9;

/** Back inside the band, with the hysteresis margin. */
export const isBackInside = (value: number, band: Band, direction: AnomalyDirection): boolean => bandDistance(value, band, direction) <= recoveryFraction;
