import type { Queryable } from '../db/database.ts';
import type { Signal } from '../events/contract.ts';
import { listBots, sentEventTypes } from '../metrics/bot-info.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import type { CohortFilter } from '../metrics/cohort.ts';
import { missingEvents } from '../metrics/evaluate-metrics.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import type { Aggregates } from '../metrics/aggregates.ts';
import type { Interval } from '../time/windows.ts';
import type { AnomalyDirection } from './band.ts';
import { bandMeasure } from './banded-measure.ts';
import { computeBaseline, maxBaselineWeeks } from './baseline.ts';
import { queryFiringPeriods, periodsFor } from './firing-periods.ts';
import { mergeBots, queryHourlyAggregates } from './hourly-history.ts';
import type { HourlyByBot } from './hourly-history.ts';
import { judgeWindow } from './judge-window.ts';
import type { Judgement } from './judge-window.ts';
import type { Sensitivity } from './sensitivity.ts';

/** Shares loads between assessments of one cycle or command (the alert evaluator's MeasureCache fits). */
export interface LoadCache {
  get<T>(key: unknown[], load: () => Promise<T>): Promise<T>;
}

export interface AssessContext {
  db: Queryable;
  now: Date;
  idleMinutes: number;
  cache: LoadCache;
  /** Every bot's hourly history, loaded once (see preloadHistory) for the same window. */
  preloaded?: HourlyByBot;
}

export interface WindowQuestion {
  metric: MetricDefinition;
  /** One bot, or null for all bots together. */
  botId: string | null;
  window: Interval;
  timeZone: string;
  sensitivity: Sensitivity;
  direction: AnomalyDirection;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** The span of history a baseline for windows ending up to `now` may read (8 weeks and a DST hour either side). */
export function historySpan(window: Interval): Interval {
  return { start: new Date(Math.floor(window.start.getTime() / hourMs) * hourMs - maxBaselineWeeks * 7 * dayMs - 2 * hourMs), end: new Date(window.end.getTime() - 6 * dayMs) };
}

/**
 * A window's value of one metric against what is usual then (docs/alerts.md "Anomaly rules"): the
 * current value from the metric engine (settled conversations for fate-based rates), the baseline
 * from the hourly rollups of the same local hours in previous weeks, leaving out firing periods.
 */
export async function assessWindow(q: WindowQuestion, ctx: AssessContext): Promise<Judgement> {
  const { db, cache, now } = ctx;
  const filter: CohortFilter = { bots: q.botId === null ? [] : [q.botId], versions: [], channels: [], intents: [], flows: [] };
  const sent = await cache.get(['sent', filter.bots], () => sentEventTypes(db, filter.bots));
  const missing = missingEvents(q.metric, sent, q.botId ?? 'these bots');
  if (missing) return { kind: 'unjudged', reason: missing.reason ?? 'nothing to measure', learning: false };
  const compute = bandMeasure(q.metric);
  const context = { sends: (t: Signal) => sent.has(t) };

  const [current, history, bots, firing] = await Promise.all([
    cache.get(['aggregates', filter, q.window.start.getTime(), q.window.end.getTime()], async () => {
      const rows = await queryAggregates(db, { filter, current: q.window, timeZone: 'UTC', now, idleMinutes: ctx.idleMinutes });
      return sumAggregates(rows.filter((r) => r.period === 'current').map((r) => r.aggregates));
    }),
    loadHistory(ctx, q.botId, q.window),
    cache.get(['bots'], () => listBots(db)),
    cache.get(['firing', Math.floor(now.getTime() / hourMs)], () => queryFiringPeriods(db, historySpan(q.window).start, now)),
  ]);
  const known = q.botId === null ? bots : bots.filter((b) => b.botId === q.botId);
  if (known.length === 0) return { kind: 'unjudged', reason: `${q.botId ?? 'no bot'} has not sent any events yet`, learning: false };
  const historyStart = new Date(Math.min(...known.map((b) => b.firstEventAt.getTime())));
  const baseline = computeBaseline({
    hours: history,
    window: q.window,
    timeZone: q.timeZone,
    historyStart,
    excluded: periodsFor(firing, q.metric.id, q.botId),
    measure: (a: Aggregates) => compute(a, context),
  });
  return judgeWindow(q.metric, compute(current, context), baseline, q);
}

/** The hourly history a window's baseline needs: from the preloaded history, or loaded per bot and shared through the cache. */
async function loadHistory(ctx: AssessContext, botId: string | null, window: Interval): Promise<Map<number, Aggregates>> {
  const pick = (byBot: HourlyByBot) => (botId === null ? mergeBots(byBot) : (byBot.get(botId) ?? new Map<number, Aggregates>()));
  if (ctx.preloaded !== undefined) return pick(ctx.preloaded);
  const span = historySpan(window);
  const bots = botId === null ? [] : [botId];
  return pick(await ctx.cache.get(['history', bots, span.start.getTime(), span.end.getTime()], () => queryHourlyAggregates(ctx.db, { bots, versions: [], channels: [], intents: [] }, span)));
}

/** Every bot's history for a window at once (the `anomalies` command asks about all of them). */
export function preloadHistory(db: Queryable, window: Interval): Promise<HourlyByBot> {
  return queryHourlyAggregates(db, { bots: [], versions: [], channels: [], intents: [] }, historySpan(window));
}
