import { latencyPercentile, llmLatencyPercentileByGroup } from './latency-percentile.ts';
import type { GroupedPercentile } from './latency-percentile.ts';

const noCalls = 'no LLM calls with latencyMs in this window';

/** Percentiles of latencyMs over the LLM calls made in the window (taken by call time). */
export const llmLatencyP50Ms = latencyPercentile('llm.call', 0.5, noCalls);
export const llmLatencyP95Ms = latencyPercentile('llm.call', 0.95, noCalls);

/** The same per model or provider, for by:model and by:provider (the catalog's query metrics that group by model). */
export const llmGroupQueries: Record<string, GroupedPercentile> = {
  llm_latency_p50_ms: llmLatencyPercentileByGroup(0.5, noCalls),
  llm_latency_p95_ms: llmLatencyPercentileByGroup(0.95, noCalls),
};
