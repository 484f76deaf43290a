/**
 * The quality half of `npm run bench:anomaly`: six generated weeks of hourly traffic for six bots
 * with planted incidents of varied sizes in weeks 4–6 (weeks 1–3 teach the baseline), replayed
 * every 15 minutes as the evaluator would judge them. For each sensitivity: recall (incidents
 * that fired within their window or the hour after) and false alerts per bot-week (episodes away
 * from every incident); beside it a fixed threshold per bot (a multiple of its usual hand-off rate
 * and of its usual p95 reply time, a share of its peak volume) lowered until it reaches the same
 * recall, and its false alerts. The same for reply time (p95) alone.
 */
import { replayRule } from '../src/anomaly/replay-rule.ts';
import type { ReplayedCondition } from '../src/anomaly/replay-rule.ts';
import { sensitivities } from '../src/anomaly/sensitivity.ts';
import type { Sensitivity } from '../src/anomaly/sensitivity.ts';
import { generateHourlyTraffic } from '../src/gen/hourly-traffic.ts';
import type { PlantedIncident } from '../src/gen/hourly-traffic.ts';
import { Random } from '../src/gen/random.ts';
import { findMetric } from '../src/metrics/catalog.ts';
import { histogramQuantile, latencyBucketNames } from '../src/metrics/latency-histogram.ts';
import type { Interval } from '../src/time/windows.ts';

const hourMs = 3_600_000;
const weekMs = 7 * 24 * hourMs;
const start = new Date('2026-09-07T00:00:00Z');
const bots = [
  { botId: 'tiny-bot', peakPerHour: 25, handoffRate: 0.2 },
  { botId: 'small-bot', peakPerHour: 50, handoffRate: 0.15 },
  { botId: 'mid-bot', peakPerHour: 100, handoffRate: 0.12 },
  { botId: 'busy-bot', peakPerHour: 200, handoffRate: 0.1 },
  { botId: 'large-bot', peakPerHour: 400, handoffRate: 0.08 },
  { botId: 'huge-bot', peakPerHour: 800, handoffRate: 0.05 },
];
const judgedWeeks = 3;

/** Incidents at weekday working hours of weeks 4–6: hand-off spikes ×1.5/×2/×3 (1 h), volume drops to 70/50/20 % (2 h), a drift to ×2 over 12 h, latency rises ×1.5/×2/×3 (1 h). */
function plantIncidents(): PlantedIncident[] {
  const random = new Random(2026);
  const incidents: PlantedIncident[] = [];
  for (const bot of bots) {
    const slot = (week: number, hoursLong: number): Interval => {
      const from = new Date(start.getTime() + week * weekMs + random.int(0, 4) * 24 * hourMs + random.int(9, 16) * hourMs);
      return { start: from, end: new Date(from.getTime() + hoursLong * hourMs) };
    };
    for (const [w, size] of [[3, 1.5], [4, 2], [5, 3]] as const) incidents.push({ botId: bot.botId, kind: 'handoff_spike', metric: 'handoff_rate', at: slot(w, 1), size });
    for (const [w, size] of [[3, 0.7], [4, 0.5], [5, 0.2]] as const) incidents.push({ botId: bot.botId, kind: 'volume_drop', metric: 'conversations', at: slot(w, 2), size });
    incidents.push({ botId: bot.botId, kind: 'slow_drift', metric: 'handoff_rate', at: slot(4, 12), size: 2 });
    for (const [w, size] of [[3, 1.5], [4, 2], [5, 3]] as const) incidents.push({ botId: bot.botId, kind: 'latency_rise', metric: 'p95_response_ms', at: slot(w, 1), size });
  }
  return incidents;
}

const incidents = plantIncidents();
const traffic = generateHourlyTraffic({ bots, start, weeks: 6, seed: 99, incidents });
const judgedFrom = new Date(start.getTime() + 3 * weekMs);
type Watched = 'handoff_rate' | 'conversations' | 'p95_response_ms';
const watched: readonly Watched[] = ['handoff_rate', 'conversations', 'p95_response_ms'];

/** Each bot's usual p95 reply time: over the three learning weeks, all hours together. */
const usualP95 = new Map(
  bots.map((b) => {
    const total = latencyBucketNames.map(() => 0);
    for (const [hour, a] of traffic.get(b.botId)!) if (hour < judgedFrom.getTime()) latencyBucketNames.forEach((n, k) => (total[k]! += a[n]));
    return [b.botId, histogramQuantile(total, 0.95) ?? 0];
  }),
);
const end = new Date(start.getTime() + 6 * weekMs);

const near = (e: Interval, i: PlantedIncident) => e.start.getTime() < i.at.end.getTime() + hourMs && e.end.getTime() > i.at.start.getTime();
const firedWithin = (e: Interval, i: PlantedIncident) => e.start.getTime() + hourMs >= i.at.start.getTime() && e.start.getTime() + hourMs <= i.at.end.getTime() + hourMs;

interface Score {
  detected: number;
  incidents: number;
  falseAlerts: number;
}

function score(episodesOf: (botId: string, metric: Watched) => Interval[], metrics: readonly Watched[] = watched): Score {
  const s: Score = { detected: 0, incidents: 0, falseAlerts: 0 };
  for (const bot of bots) {
    for (const metric of metrics) {
      const episodes = episodesOf(bot.botId, metric).filter((e) => e.start.getTime() + hourMs >= judgedFrom.getTime());
      const planted = incidents.filter((i) => i.botId === bot.botId && i.metric === metric);
      s.incidents += planted.length;
      s.detected += planted.filter((i) => episodes.some((e) => firedWithin(e, i))).length;
      s.falseAlerts += episodes.filter((e) => !incidents.some((i) => i.botId === bot.botId && near(e, i))).length;
    }
  }
  return s;
}

function replay(botId: string, metric: Watched, condition: ReplayedCondition): Interval[] {
  return replayRule(
    { hours: traffic.get(botId)!, metric: findMetric(metric)!, from: start, to: end, stepMs: 15 * 60_000, windowMs: hourMs, forEvaluations: 2, minConversations: metric === 'conversations' ? 0 : condition.kind === 'anomaly' ? 10 : 30 },
    condition,
  );
}

const anomaly = (sensitivity: Sensitivity, metrics: readonly Watched[] = watched) =>
  score((botId, metric) => replay(botId, metric, { kind: 'anomaly', sensitivity, direction: metric === 'conversations' ? 'down' : 'up', timeZone: 'UTC', historyStart: start }), metrics);

/** A fixed threshold per bot at multiple `m` of its usual rate (hand-off) and p95 reply time, or share `m` of its peak hour (volume). */
const threshold = (multiple: number, volumeShare: number, metrics: readonly Watched[]) =>
  score((botId, metric) => {
    const bot = bots.find((b) => b.botId === botId)!;
    if (metric === 'handoff_rate') return replay(botId, metric, { kind: 'threshold', direction: 'above', threshold: bot.handoffRate * multiple });
    if (metric === 'p95_response_ms') return replay(botId, metric, { kind: 'threshold', direction: 'above', threshold: usualP95.get(botId)! * multiple });
    return replay(botId, metric, { kind: 'threshold', direction: 'below', threshold: bot.peakPerHour * volumeShare });
  }, metrics);

/** The loosest fixed thresholds (one grid walk for all metrics) that reach `recall`. */
function thresholdAtRecall(recall: number, metrics: readonly Watched[]): { score: Score; multiple: number; volumeShare: number } | undefined {
  for (let step = 0; step <= 60; step++) {
    const multiple = 4 - step * 0.05;
    const volumeShare = step * 0.01;
    const s = threshold(multiple, volumeShare, metrics);
    if (s.detected / s.incidents >= recall) return { score: s, multiple, volumeShare };
  }
  return undefined;
}

export interface QualityRow {
  rule: string;
  recall: number;
  falseAlertsPerBotWeek: number;
}

/** Runs the comparison and returns one row per sensitivity and per matched threshold. */
export function measureQuality(): { rows: QualityRow[]; incidents: number; botWeeks: number } {
  const botWeeks = bots.length * judgedWeeks;
  const rows: QualityRow[] = [];
  for (const [label, metrics] of [['all', watched], ['reply time p95 only', ['p95_response_ms']]] as const) {
    for (const sensitivity of sensitivities) {
      const s = anomaly(sensitivity, metrics);
      const recall = s.detected / s.incidents;
      rows.push({ rule: `${label}: anomaly, ${sensitivity}`, recall, falseAlertsPerBotWeek: s.falseAlerts / botWeeks });
      const matched = thresholdAtRecall(recall, metrics);
      const what = (m: { multiple: number; volumeShare: number }) =>
        label === 'all' ? `hand-off and p95 > ${m.multiple.toFixed(2)} × usual, volume < ${Math.round(m.volumeShare * 100)} % of peak` : `p95 > ${m.multiple.toFixed(2)} × usual`;
      rows.push(
        matched
          ? { rule: `${label}: fixed threshold at the same recall (${what(matched)})`, recall: matched.score.detected / matched.score.incidents, falseAlertsPerBotWeek: matched.score.falseAlerts / botWeeks }
          : { rule: `${label}: fixed threshold: no setting on the grid reaches that recall`, recall: Number.NaN, falseAlertsPerBotWeek: Number.NaN },
      );
    }
  }
  return { rows, incidents: incidents.length, botWeeks };
}
