import { emptyAggregates } from '../metrics/aggregates.ts';
import type { Aggregates } from '../metrics/aggregates.ts';
import { latencyBucket, latencyBucketNames } from '../metrics/latency-histogram.ts';
import type { Interval } from '../time/windows.ts';
import { Random, mixSeed } from './random.ts';

/** An incident planted in generated traffic, with where it is and how big. */
export interface PlantedIncident {
  botId: string;
  kind: 'handoff_spike' | 'volume_drop' | 'latency_rise' | 'slow_drift';
  /** The metric it shows in. */
  metric: 'handoff_rate' | 'conversations' | 'p95_response_ms';
  at: Interval;
  /** Multiplier on the usual value (2 = doubled hand-off rate, 0.4 = 60 % fewer conversations, 2 = replies twice as slow). */
  size: number;
}

export interface HourlyTrafficOptions {
  bots: { botId: string; peakPerHour: number; handoffRate: number }[];
  start: Date;
  weeks: number;
  seed: number;
  incidents: readonly PlantedIncident[];
}

const hourMs = 3_600_000;

/** Share of the daily peak by UTC hour: quiet nights, a morning and an afternoon peak. */
const dayShape = [0.04, 0.03, 0.02, 0.02, 0.03, 0.06, 0.15, 0.35, 0.65, 0.9, 1, 0.95, 0.85, 0.9, 1, 0.95, 0.85, 0.7, 0.5, 0.35, 0.25, 0.15, 0.1, 0.06];
/** Monday … Sunday. */
const weekShape = [1, 1.05, 1, 0.95, 0.9, 0.45, 0.35];

/** How an incident changes an hour: the volume and hand-off multipliers, and the latency multiplier. */
function effect(incidents: readonly PlantedIncident[], botId: string, hour: number): { volume: number; handoff: number; latency: number } {
  const e = { volume: 1, handoff: 1, latency: 1 };
  for (const i of incidents) {
    if (i.botId !== botId || hour < i.at.start.getTime() || hour >= i.at.end.getTime()) continue;
    if (i.kind === 'handoff_spike') e.handoff *= i.size;
    if (i.kind === 'volume_drop') e.volume *= i.size;
    if (i.kind === 'latency_rise') e.latency *= i.size;
    // A drift grows from nothing to its full size over the incident.
    if (i.kind === 'slow_drift') e.handoff *= 1 + ((i.size - 1) * (hour - i.at.start.getTime() + hourMs)) / (i.at.end.getTime() - i.at.start.getTime());
  }
  return e;
}

/**
 * Hourly rollup sums of generated traffic with planted incidents (for the anomaly tests and
 * `npm run bench:anomaly`): per bot, a weekly shape (busy weekdays, quiet weekends and nights)
 * with Poisson volumes, binomial hand-offs (more likely at night) and replies (one to five per
 * conversation) whose latencies are log-normal around a median that wanders from hour to hour,
 * kept as the rollups keep them (sum, count and histogram); incidents multiply what they touch in
 * their hours. Deterministic for a seed.
 */
export function generateHourlyTraffic(o: HourlyTrafficOptions): Map<string, Map<number, Aggregates>> {
  const byBot = new Map<string, Map<number, Aggregates>>();
  const first = Math.floor(o.start.getTime() / hourMs) * hourMs;
  for (const [b, bot] of o.bots.entries()) {
    const random = new Random(mixSeed(o.seed, b));
    // Replies draw from their own stream, so volumes and hand-offs stay what they were without them.
    const replies = new Random(mixSeed(o.seed, 1_000 + b));
    const hours = new Map<number, Aggregates>();
    for (let h = first; h < first + o.weeks * 7 * 24 * hourMs; h += hourMs) {
      const d = new Date(h);
      const weekday = (d.getUTCDay() + 6) % 7;
      const e = effect(o.incidents, bot.botId, h);
      const conversations = random.poisson(bot.peakPerHour * dayShape[d.getUTCHours()]! * weekShape[weekday]! * e.volume);
      const night = d.getUTCHours() < 6 || d.getUTCHours() >= 22;
      const p = Math.min(0.95, bot.handoffRate * (night ? 1.6 : 1) * e.handoff);
      let handedOff = 0;
      for (let c = 0; c < conversations; c++) if (random.chance(p)) handedOff++;
      const a = emptyAggregates();
      a.conversations = conversations;
      a.settled = conversations;
      a.handed_off = handedOff;
      a.contained = conversations - handedOff;
      const medianMs = random.between(700, 900) * e.latency;
      for (let c = 0; c < conversations; c++) {
        for (let r = replies.int(1, 5); r > 0; r--) {
          const ms = Math.round(Math.min(120_000, replies.logNormal(medianMs, 0.5)));
          a.latency_count++;
          a.latency_sum += ms;
          a[latencyBucketNames[latencyBucket(ms)]!]++;
        }
      }
      hours.set(h, a);
    }
    byBot.set(bot.botId, hours);
  }
  return byBot;
}
