import type { Aggregates } from '../metrics/aggregates.ts';
import type { ComputeContext, MetricDefinition } from '../metrics/catalog.ts';
import { histogramQuantile, latencyBucketNames } from '../metrics/latency-histogram.ts';
import type { MetricValue } from '../metrics/metric-value.ts';

/** A window's value as a band judges it; a latency figure keeps its histogram for its sampling uncertainty. */
export interface BandedValue extends MetricValue {
  histogram?: readonly number[];
}

/** Reply-time quantiles judged from the rollups' latency histogram, by metric. */
export const latencyQuantiles: Readonly<Record<string, number>> = { p95_response_ms: 0.95 };

/** Reply-time metrics with a band: the quantiles above and the mean. */
export const isLatencyMetric = (id: string): boolean => id in latencyQuantiles || id === 'avg_response_ms';

/**
 * Metrics with a band: every share with a numerator and denominator (a rate), conversation
 * volume, and reply time (p95 and mean).
 */
export const hasBand = (metric: Pick<MetricDefinition, 'id' | 'unit' | 'compute'>): boolean =>
  isLatencyMetric(metric.id) || (metric.compute !== undefined && (metric.unit === 'share' || metric.id === 'conversations'));

const histogramOf = (a: Aggregates): number[] => latencyBucketNames.map((name) => a[name]);

/**
 * How a banded metric is measured from hourly sums (the window's and each baseline week's):
 * a rate or volume as the catalog computes it; a reply-time quantile from the latency histogram
 * (its denominator the number of replies), the mean from the latency sums with the histogram kept.
 */
export function bandMeasure(metric: MetricDefinition): (a: Aggregates, context: ComputeContext) => BandedValue {
  const q = latencyQuantiles[metric.id];
  if (q !== undefined) {
    return (a) => {
      const histogram = histogramOf(a);
      const replies = histogram.reduce((s, c) => s + c, 0);
      const value = histogramQuantile(histogram, q);
      return value === null ? { value: null, denominator: replies, reason: 'no bot messages with latencyMs in this window' } : { value, denominator: replies, histogram };
    };
  }
  const compute = metric.compute;
  if (compute === undefined || !hasBand(metric)) throw new Error(`${metric.id} has no band (anomalies watch rates, conversation volume and reply time)`);
  if (metric.id === 'avg_response_ms') return (a, context) => ({ ...compute(a, context), histogram: histogramOf(a) });
  return compute;
}
