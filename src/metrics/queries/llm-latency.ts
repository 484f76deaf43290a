import { latencyPercentile } from './latency-percentile.ts';

/** Percentiles of latencyMs over the LLM calls made in the window (taken by call time). */
export const llmLatencyP50Ms = latencyPercentile('llm.call', 0.5, 'no LLM calls with latencyMs in this window');
export const llmLatencyP95Ms = latencyPercentile('llm.call', 0.95, 'no LLM calls with latencyMs in this window');
