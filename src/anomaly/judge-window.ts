import type { MetricDefinition } from '../metrics/catalog.ts';
import { bandDistance, isBackInside, isOutside, rateBand, volumeBand } from './band.ts';
import type { AnomalyDirection, Band } from './band.ts';
import { latencyQuantiles } from './banded-measure.ts';
import type { BandedValue } from './banded-measure.ts';
import type { Baseline } from './baseline.ts';
import { minBaselineWeeks } from './baseline.ts';
import { latencyBand, meanSampling, quantileSampling } from './latency-band.ts';
import { sensitivityLevels } from './sensitivity.ts';
import type { Sensitivity } from './sensitivity.ts';

export { hasBand } from './banded-measure.ts';

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

/** "learning (2 of 3 weeks)": what a rule without enough history says. */
export const learningNote = (weeks: number): string => `learning (${weeks} of ${minBaselineWeeks} weeks)`;

/**
 * The band a window's value is judged against: a rate's Wilson band for the window's own
 * denominator, a volume's Poisson band of the expected count, a reply time's band from the
 * sampling uncertainty of the window's replies and of the baseline weeks' (order statistics for a
 * quantile, the standard error for the mean); each widened by how much the baseline weeks varied.
 */
function bandFor(metric: Pick<MetricDefinition, 'id' | 'unit'>, current: BandedValue, baseline: Extract<Baseline, { kind: 'baseline' }>, sensitivity: Sensitivity): Band {
  const { expected, spread } = baseline;
  if (metric.unit === 'share') return rateBand(expected, spread, current.denominator ?? 0, sensitivity);
  if (metric.id === 'conversations') return volumeBand(expected, spread, sensitivity);
  const { z } = sensitivityLevels[sensitivity];
  const q = latencyQuantiles[metric.id];
  const sampling = (h: readonly number[]) => (q === undefined ? meanSampling(h, z) : quantileSampling(h, q, z));
  return latencyBand(expected, spread, sampling(current.histogram ?? []), sampling(baseline.histogram ?? []), sensitivity);
}

/** Judges the current window's value against the band its baseline gives (see bandFor). */
export function judgeWindow(metric: Pick<MetricDefinition, 'id' | 'unit'>, current: BandedValue, baseline: Baseline, options: { sensitivity: Sensitivity; direction: AnomalyDirection }): Judgement {
  if (baseline.kind === 'learning') return { kind: 'unjudged', reason: learningNote(baseline.weeks), learning: true };
  if (baseline.kind === 'unknown') return { kind: 'unjudged', reason: `no usual value yet: ${baseline.reason}`, learning: false };
  if (current.value === null) return { kind: 'unjudged', reason: current.reason ?? 'no value in this window', learning: false };
  const value = current.value;
  const band = bandFor(metric, current, baseline, options.sensitivity);
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
