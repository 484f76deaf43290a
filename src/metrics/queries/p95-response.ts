import { latencyPercentile } from './latency-percentile.ts';

/** 95th percentile of latencyMs over the bot messages sent in the window. */
export const p95ResponseMs = latencyPercentile('message.sent', 0.95, 'no bot messages with latencyMs in this window');
