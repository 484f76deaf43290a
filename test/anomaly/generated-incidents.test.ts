import { describe, expect, it } from 'vitest';
import { computeBaseline } from '../../src/anomaly/baseline.ts';
import { replayRule } from '../../src/anomaly/replay-rule.ts';
import type { AnomalyDirection } from '../../src/anomaly/band.ts';
import type { Sensitivity } from '../../src/anomaly/sensitivity.ts';
import { generateHourlyTraffic } from '../../src/gen/hourly-traffic.ts';
import type { PlantedIncident } from '../../src/gen/hourly-traffic.ts';
import { findMetric } from '../../src/metrics/catalog.ts';
import type { Aggregates } from '../../src/metrics/aggregates.ts';
import { ratio } from '../../src/metrics/metric-value.ts';

const hourMs = 3_600_000;
const weekMs = 7 * 24 * hourMs;
const start = new Date('2026-09-07T00:00:00Z'); // a Monday
const at = (week: number, day: number, hour: number) => new Date(start.getTime() + week * weekMs + day * 24 * hourMs + hour * hourMs);
const hours = (from: Date, n: number) => ({ start: from, end: new Date(from.getTime() + n * hourMs) });

// Weeks 0–2 teach the baseline; the incidents are in weeks 3–5.
const incidents: PlantedIncident[] = [
  { botId: 'busy-bot', kind: 'handoff_spike', metric: 'handoff_rate', at: hours(at(3, 1, 10), 1), size: 2.5 },
  { botId: 'small-bot', kind: 'volume_drop', metric: 'conversations', at: hours(at(4, 2, 14), 2), size: 0.2 },
  { botId: 'busy-bot', kind: 'slow_drift', metric: 'handoff_rate', at: hours(at(5, 3, 8), 12), size: 2.2 },
  { botId: 'busy-bot', kind: 'latency_rise', metric: 'p95_response_ms', at: hours(at(4, 3, 11), 1), size: 2 },
  { botId: 'small-bot', kind: 'latency_rise', metric: 'p95_response_ms', at: hours(at(5, 1, 15), 2), size: 2 },
];
// A hand-off "spike" at 03:00, when the small bot has a conversation or two: never an alert.
const nightSpike: PlantedIncident = { botId: 'small-bot', kind: 'handoff_spike', metric: 'handoff_rate', at: hours(at(4, 1, 3), 1), size: 6 };
const traffic = generateHourlyTraffic({
  bots: [{ botId: 'busy-bot', peakPerHour: 120, handoffRate: 0.12 }, { botId: 'small-bot', peakPerHour: 40, handoffRate: 0.15 }],
  start,
  weeks: 6,
  seed: 17,
  incidents: [...incidents, nightSpike],
});

function replay(botId: string, metricId: 'handoff_rate' | 'conversations' | 'p95_response_ms', direction: AnomalyDirection, sensitivity: Sensitivity = 'medium') {
  return replayRule(
    { hours: traffic.get(botId)!, metric: findMetric(metricId)!, from: start, to: at(6, 0, 0), stepMs: 15 * 60_000, windowMs: hourMs, forEvaluations: 2, minConversations: 10 },
    { kind: 'anomaly', sensitivity, direction, timeZone: 'UTC', historyStart: start },
  );
}

const episodes = {
  'busy-bot handoff_rate': replay('busy-bot', 'handoff_rate', 'up'),
  'busy-bot conversations': replay('busy-bot', 'conversations', 'down'),
  'small-bot handoff_rate': replay('small-bot', 'handoff_rate', 'up'),
  'small-bot conversations': replay('small-bot', 'conversations', 'down'),
  'busy-bot p95_response_ms': replay('busy-bot', 'p95_response_ms', 'up'),
  'small-bot p95_response_ms': replay('small-bot', 'p95_response_ms', 'up'),
};
const firedAt = (e: { start: Date }) => e.start.getTime() + hourMs;
const near = (e: { start: Date; end: Date }, i: PlantedIncident) => e.start.getTime() < i.at.end.getTime() + hourMs && e.end.getTime() > i.at.start.getTime();

describe('anomaly rules over six generated weeks with planted incidents', () => {
  it('every planted incident fires within its window (or an hour after, as the rolling window fills)', () => {
    for (const i of incidents) {
      const fired = episodes[`${i.botId} ${i.metric}` as keyof typeof episodes].filter((e) => firedAt(e) >= i.at.start.getTime() && firedAt(e) <= i.at.end.getTime() + hourMs);
      expect(fired, `${i.kind} of ${i.botId}`).not.toHaveLength(0);
    }
  });

  it('clean weeks give at most one anomaly alert per bot-week at medium sensitivity (rates and volumes)', () => {
    for (const [rule, list] of Object.entries(episodes).filter(([rule]) => !rule.endsWith('p95_response_ms'))) {
      const botId = rule.split(' ')[0]!;
      const clean = list.filter((e) => !incidents.some((i) => i.botId === botId && near(e, i)));
      const weeks = new Map<number, number>();
      for (const e of clean) weeks.set(Math.floor((firedAt(e) - start.getTime()) / weekMs), (weeks.get(Math.floor((firedAt(e) - start.getTime()) / weekMs)) ?? 0) + 1);
      for (const [week, count] of weeks) expect(count, `${rule} in week ${week}`).toBeLessThanOrEqual(1);
    }
  });

  // A p95 over a few dozen replies rests on its top two or three: two chance alerts can fall in one
  // week, but clean weeks average at most one per bot-week.
  it('clean weeks give at most one reply-time (p95) alert per bot-week on average at medium sensitivity', () => {
    for (const botId of ['busy-bot', 'small-bot']) {
      const clean = episodes[`${botId} p95_response_ms` as keyof typeof episodes].filter((e) => !incidents.some((i) => i.botId === botId && near(e, i)));
      expect(clean.length, botId).toBeLessThanOrEqual(3);
    }
  });

  it('a night spike over two conversations does not fire', () => {
    expect(episodes['small-bot handoff_rate'].filter((e) => near(e, nightSpike))).toEqual([]);
  });

  it('nothing fires while learning (the first three weeks)', () => {
    for (const list of Object.values(episodes)) expect(list.filter((e) => firedAt(e) < at(3, 0, 0).getTime())).toEqual([]);
  });

  it('incident hours are left out of later baselines', () => {
    const spike = incidents[0]!;
    const window = hours(new Date(spike.at.start.getTime() + weekMs), 1);
    const measure = (a: Aggregates) => ratio(a.handed_off, a.conversations, 'none');
    const input = { hours: traffic.get('busy-bot')!, window, timeZone: 'UTC', historyStart: start, measure };
    const withExclusion = computeBaseline({ ...input, excluded: episodes['busy-bot handoff_rate'] });
    const without = computeBaseline({ ...input, excluded: [] });
    expect(withExclusion.kind === 'baseline' && withExclusion.excludedWeeks).toBe(1);
    expect(withExclusion.kind === 'baseline' && withExclusion.weeks).toBe(3);
    expect(without.kind === 'baseline' && without.weeks).toBe(4);
  });
});
