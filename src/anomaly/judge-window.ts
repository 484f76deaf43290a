import type { MetricDefinition } from '../metrics/catalog.ts';
import type { MetricValue } from '../metrics/metric-value.ts';
import { bandDistance, isBackInside, isOutside, rateBand, volumeBand } from './band.ts';
import type { AnomalyDirection, Band } from './band.ts';
import type { Baseline } from './baseline.ts';
import { minBaselineWeeks } from './baseline.ts';
import type { Sensitivity } from './sensitivity.ts';

/** A window's value against its band, or why it cannot be judged. */
export type Judgement =
  | { kind: 'unjudged'; reason: string; learning: boolean }
  | {
      kind: 'judged';
      value: number;
      numerator: number | null;
      denominator: number | null;
      band: Band;
      /** In band half-widths from the expected value (1 = at the edge). */
      distance: number;
      outside: boolean;
      backInside: boolean;
      weeks: number;
    };

/** Metrics with a band: every share with a numerator and denominator (a rate), and conversation volume. */
export const hasBand = (metric: Pick<MetricDefinition, 'id' | 'unit' | 'compute'>): boolean =>
  metric.compute !== undefined && (metric.unit === 'share' || metric.id === 'conversations');

/** "learning (2 of 3 weeks)": what a rule without enough history says. */
export const learningNote = (weeks: number): string => `learning (${weeks} of ${minBaselineWeeks} weeks)`;

/**
 * Judges the current window's value against the band its baseline gives: a rate against the
 * Wilson band for the window's own denominator, a volume against the Poisson band of the
 * expected count.
 */
export function judgeWindow(metric: Pick<MetricDefinition, 'id' | 'unit'>, current: MetricValue, baseline: Baseline, options: { sensitivity: Sensitivity; direction: AnomalyDirection }): Judgement {
  if (baseline.kind === 'learning') return { kind: 'unjudged', reason: learningNote(baseline.weeks), learning: true };
  if (baseline.kind === 'unknown') return { kind: 'unjudged', reason: `no usual value yet: ${baseline.reason}`, learning: false };
  if (current.value === null) return { kind: 'unjudged', reason: current.reason ?? 'no value in this window', learning: false };
  const value = current.value;
  const band =
    metric.unit === 'share'
      ? rateBand(baseline.expected, baseline.spread, current.denominator ?? 0, options.sensitivity)
      : volumeBand(baseline.expected, baseline.spread, options.sensitivity);
  return {
    kind: 'judged',
    value,
    numerator: current.numerator ?? null,
    denominator: current.denominator ?? null,
    band,
    distance: bandDistance(value, band, options.direction),
    outside: isOutside(value, band, options.direction),
    backInside: isBackInside(value, band, options.direction),
    weeks: baseline.weeks,
  };
}
