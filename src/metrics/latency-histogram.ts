/**
 * The reply-latency histogram kept per conversation (conversation_facts) and per hour
 * (fact_rollups): how many bot messages took 0–100 ms, 100–141 ms, … each bucket √2 wider than the
 * one before, up to 51.2 s and an open last bucket. It lets quantiles of reply time (p95, median)
 * be read from the hourly rollups — what anomaly rules' baselines are made from — instead of
 * scanning weeks of events. √2 steps keep a quantile read from it within about ±9 % of the exact
 * one when replies spread over several buckets, as reply times do (inside the sampling
 * uncertainty of an hour's replies); replies bunched in one bucket read anywhere within it.
 */
export const latencyBucketNames = [
  'latency_b00', 'latency_b01', 'latency_b02', 'latency_b03', 'latency_b04', 'latency_b05', 'latency_b06', 'latency_b07', 'latency_b08', 'latency_b09',
  'latency_b10', 'latency_b11', 'latency_b12', 'latency_b13', 'latency_b14', 'latency_b15', 'latency_b16', 'latency_b17', 'latency_b18', 'latency_b19',
] as const;

export type LatencyBucketName = (typeof latencyBucketNames)[number];

/** Upper edge (ms, exclusive) of every bucket but the last, which is open: 100, 141, 200, 283 … 51,200. */
export const latencyBucketEdges: readonly number[] = latencyBucketNames.slice(0, -1).map((_, k) => Math.round(100 * Math.SQRT2 ** k));

/** The bucket a latency falls in. */
export function latencyBucket(ms: number): number {
  const k = latencyBucketEdges.findIndex((edge) => ms < edge);
  return k === -1 ? latencyBucketNames.length - 1 : k;
}

/** SQL: is `column` (ms) in bucket k (lower edge inclusive, upper exclusive). */
export function latencyBucketCondition(column: string, k: number): string {
  const low = k === 0 ? undefined : latencyBucketEdges[k - 1];
  const high = latencyBucketEdges[k];
  return [low === undefined ? `${column} >= 0` : `${column} >= ${low}`, ...(high === undefined ? [] : [`${column} < ${high}`])].join(' AND ');
}

/**
 * The q-quantile (0–1) of the latencies a histogram counts, or null when it counts none: the
 * bucket holding the q·n-th latency, interpolated within it geometrically (latencies spread evenly
 * on a log scale; linearly in the first bucket). The open last bucket reads as its lower edge.
 */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const n = counts.reduce((s, c) => s + c, 0);
  if (n <= 0) return null;
  const target = Math.min(Math.max(q, 0), 1) * n;
  let below = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k] ?? 0;
    if (c <= 0) continue;
    if (below + c >= target || k === counts.length - 1) {
      const fraction = Math.min(1, Math.max(0, (target - below) / c));
      const high = latencyBucketEdges[k];
      if (high === undefined) return latencyBucketEdges[latencyBucketEdges.length - 1]!;
      if (k === 0) return fraction * high;
      const low = latencyBucketEdges[k - 1]!;
      return low * (high / low) ** fraction;
    }
    below += c;
  }
  return null;
}
