import { aggregateNames, emptyAggregates } from '../metrics/aggregates.ts';
import type { Aggregates } from '../metrics/aggregates.ts';
import type { MetricValue } from '../metrics/metric-value.ts';
import type { Interval } from '../time/windows.ts';
import { median, scaledMad } from './robust-stats.ts';
import { sameLocalTimeWeeksBefore } from './week-shift.ts';

/** Fewer clean previous weeks than this: the rule is still learning and never fires. */
export const minBaselineWeeks = 3;
/** The baseline looks back this many weeks at most. */
export const maxBaselineWeeks = 8;

const hourMs = 3_600_000;

/** What a baseline is made from: hourly sums (keyed by UTC hour start, ms) and how to measure them. */
export interface BaselineInput {
  hours: ReadonlyMap<number, Aggregates>;
  /** The window being judged; the baseline is the same local window in previous weeks. */
  window: Interval;
  timeZone: string;
  /** The earliest instant with data (the bot's first event): weeks before it do not count. */
  historyStart: Date;
  /** When an alert on the metric was firing: incidents do not teach the baseline. */
  excluded: readonly Interval[];
  measure: (a: Aggregates) => MetricValue & { histogram?: readonly number[] };
}

export type Baseline =
  /** Fewer than three clean previous weeks. */
  | { kind: 'learning'; weeks: number }
  /** Enough weeks, but too few with a value (a rate in hours that had no conversations). */
  | { kind: 'unknown'; weeks: number; reason: string }
  | {
      kind: 'baseline';
      weeks: number;
      excludedWeeks: number;
      observations: number[];
      expected: number;
      spread: number;
      /** A reply time's: the clean weeks' latency histograms added up, the shape of usual latencies. */
      histogram?: number[];
    };

/**
 * The sums of a window from hourly rows: whole hours as they are, a partly covered hour in
 * proportion to the part covered (conversations taken as spread evenly over the hour).
 */
export function windowAggregates(hours: ReadonlyMap<number, Aggregates>, window: Interval): Aggregates {
  const total = emptyAggregates();
  const start = window.start.getTime();
  const end = window.end.getTime();
  for (let h = Math.floor(start / hourMs) * hourMs; h < end; h += hourMs) {
    const row = hours.get(h);
    if (row === undefined) continue;
    const weight = (Math.min(end, h + hourMs) - Math.max(start, h)) / hourMs;
    for (const name of aggregateNames) total[name] += weight * row[name];
  }
  return total;
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/**
 * The expected value of a window from the same local hours of the week in up to eight previous
 * weeks (DST-correct: matched by wall-clock time in the zone, not by a fixed 168 h): the median of
 * those weeks' values, with the spread as their scaled MAD. A week overlapping a firing alert on
 * the metric is left out; a week from before the history began does not exist.
 */
export function computeBaseline(input: BaselineInput): Baseline {
  const length = input.window.end.getTime() - input.window.start.getTime();
  const observations: number[] = [];
  let weeks = 0;
  let excludedWeeks = 0;
  let histogram: number[] | undefined;
  for (let k = 1; k <= maxBaselineWeeks; k++) {
    const start = sameLocalTimeWeeksBefore(input.window.start, k, input.timeZone);
    if (start < input.historyStart) break;
    const window = { start, end: new Date(start.getTime() + length) };
    if (input.excluded.some((x) => overlaps(x, window))) {
      excludedWeeks++;
      continue;
    }
    weeks++;
    const measured = input.measure(windowAggregates(input.hours, window));
    if (measured.value !== null && Number.isFinite(measured.value)) observations.push(measured.value);
    if (measured.histogram !== undefined) histogram = measured.histogram.map((c, k) => c + (histogram?.[k] ?? 0));
  }
  if (weeks < minBaselineWeeks) return { kind: 'learning', weeks };
  if (observations.length < minBaselineWeeks) {
    return { kind: 'unknown', weeks, reason: `only ${observations.length} of the last ${weeks} weeks had a value at this time of the week` };
  }
  return { kind: 'baseline', weeks, excludedWeeks, observations, expected: median(observations)!, spread: scaledMad(observations), ...(histogram === undefined ? {} : { histogram }) };
}
