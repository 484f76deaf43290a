import type { Aggregates } from '../metrics/aggregates.ts';
import { emptyAggregates } from '../metrics/aggregates.ts';
import type { ComputeContext, MetricDefinition } from '../metrics/catalog.ts';
import type { AggregateRow } from '../metrics/query-aggregates.ts';
import type { Series } from '../replies/reply.ts';
import { bucketStarts } from '../time/windows.ts';
import type { Bucket, TimeWindow } from '../time/windows.ts';

/** Aggregates per bucket of the current window and of the previous one, aligned by position. */
export interface BucketedAggregates {
  starts: Date[];
  current: Aggregates[];
  previous: Aggregates[];
}

/** Lays grouped rows out on the window's buckets (empty buckets get empty aggregates). */
export function layOutBuckets(rows: readonly AggregateRow[], window: TimeWindow, bucket: Bucket): BucketedAggregates {
  const starts = bucketStarts(window, bucket, window.timeZone);
  const previousStarts = bucketStarts(window.previous, bucket, window.timeZone);
  const index = (list: Date[]) => new Map(list.map((d, i) => [d.toISOString(), i]));
  const currentIndex = index(starts);
  const previousIndex = index(previousStarts);
  const current = starts.map(() => emptyAggregates());
  const previous = starts.map(() => emptyAggregates());
  for (const row of rows) {
    if (row.group === null) continue;
    const i = (row.period === 'current' ? currentIndex : previousIndex).get(row.group);
    if (i === undefined || i >= starts.length) continue;
    (row.period === 'current' ? current : previous)[i] = row.aggregates;
  }
  return { starts, current, previous };
}

/** A metric's series over the buckets (n/a buckets are gaps), with the previous period aligned. */
export function metricSeries(metric: MetricDefinition, buckets: BucketedAggregates, context: ComputeContext): Series {
  const compute = (a: Aggregates) => (metric.compute ? metric.compute(a, context).value : null);
  return {
    metric: metric.id,
    label: metric.name,
    points: buckets.starts.map((t, i) => ({ t: t.toISOString(), value: compute(buckets.current[i]!) })),
    previous: buckets.starts.map((t, i) => ({ t: t.toISOString(), value: compute(buckets.previous[i]!) })),
  };
}
