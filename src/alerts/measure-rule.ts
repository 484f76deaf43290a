import type { Queryable } from '../db/database.ts';
import type { Signal } from '../events/contract.ts';
import { listBots, sentEventTypes } from '../metrics/bot-info.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import type { CohortFilter } from '../metrics/cohort.ts';
import { missingEvents } from '../metrics/evaluate-metrics.ts';
import { formatCount } from '../metrics/format.ts';
import type { MetricValue } from '../metrics/metric-value.ts';
import { metricQueries } from '../metrics/queries/index.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import { describeSpan } from '../time/durations.ts';
import type { AlertRule } from './alert-rule.ts';
import { cellsAnswer, queryAggregateCells, sumCells } from './aggregate-cells.ts';
import { breaches, recovers } from './conditions.ts';
import { ruleMetric } from './describe-rule.ts';
import { measureAnomaly } from './measure-anomaly.ts';
import type { Evaluation, MeasureCache } from './evaluation.ts';
import { ruleZone } from './rule-zone.ts';
import { usuallyActive } from './usual-activity.ts';

export interface MeasureContext {
  db: Queryable;
  now: Date;
  idleMinutes: number;
  cache: MeasureCache;
  /** BOTWATCH_TZ: local hours for a bot without its own zone and a rule without tz:. */
  timeZone: string;
}

/** The conversations a metric rule looks at (the metric engine's filter). */
export const ruleCohort = (rule: Pick<AlertRule, 'botId' | 'filter'>): CohortFilter => ({ bots: rule.botId === null ? [] : [rule.botId], ...rule.filter });

/**
 * Evaluates a rule at `now`: its value, numerator and denominator over the rolling window, and
 * whether the condition holds or has cleared. Throws when the data cannot be read (the caller
 * leaves the rule's state as it was).
 */
export async function measureRule(rule: AlertRule, ctx: MeasureContext): Promise<Evaluation> {
  if (rule.kind === 'silence') return measureSilence(rule, ctx);
  if (rule.kind === 'anomaly') return measureAnomaly(rule, ctx);
  const metric = ruleMetric(rule);
  if (metric === undefined) throw new Error(`rule #${rule.id} watches "${rule.metric}", which is not in the metric catalog (remove the rule and add it again)`);
  return measureMetric(rule, metric, ctx);
}

async function measureMetric(rule: AlertRule, metric: MetricDefinition, ctx: MeasureContext): Promise<Evaluation> {
  const { db, now } = ctx;
  const filter = ruleCohort(rule);
  const window = { start: new Date(now.getTime() - rule.windowSeconds * 1000), end: now };
  // Rolling windows are absolute instants; in UTC the hourly rollups answer their whole hours.
  const aggregates = await ctx.cache.get(['aggregates', filter, rule.windowSeconds], async () => {
    if (cellsAnswer(filter)) {
      // One read of the window per bot (or all bots), shared by every filter on it.
      const cells = await ctx.cache.get(['cells', filter.bots, rule.windowSeconds], () => queryAggregateCells(db, filter.bots, window, ctx));
      return sumCells(cells, filter);
    }
    const rows = await queryAggregates(db, { filter, current: window, timeZone: 'UTC', now, idleMinutes: ctx.idleMinutes });
    return sumAggregates(rows.filter((r) => r.period === 'current').map((r) => r.aggregates));
  });
  const sent = await ctx.cache.get(['sent', filter.bots], () => sentEventTypes(db, filter.bots));
  const missing = missingEvents(metric, sent, rule.botId ?? 'these bots');
  if (missing) return { kind: 'insufficient', reason: missing.reason ?? 'nothing to measure', sample: null };

  // Fate-based rates count settled conversations only (docs/metrics.md).
  const sample = metric.settledOnly ? aggregates.settled : aggregates.conversations;
  if (metric.id !== 'conversations' && sample < rule.minConversations) {
    const noun = metric.settledOnly ? 'settled conversations' : 'conversations';
    return { kind: 'insufficient', reason: `insufficient data: ${formatCount(sample)} ${noun} in the last ${describeSpan(rule.windowSeconds)}, fewer than min ${formatCount(rule.minConversations)}`, sample };
  }
  let result: MetricValue;
  if (metric.compute) {
    result = metric.compute(aggregates, { sends: (t: Signal) => sent.has(t) });
  } else {
    const run = metricQueries[metric.id];
    if (run === undefined) throw new Error(`metric ${metric.id} has no computation`);
    result = await ctx.cache.get(['query', metric.id, filter, rule.windowSeconds], () => run(db, { interval: window, filter }));
  }
  if (result.value === null) return { kind: 'insufficient', reason: `insufficient data: ${result.reason ?? 'no value'}`, sample };
  return {
    kind: 'measured',
    value: result.value,
    numerator: result.numerator ?? null,
    denominator: result.denominator ?? null,
    sample,
    breach: breaches(rule.direction, result.value, rule.threshold),
    clear: recovers(rule.direction, result.value, rule.recoverThreshold),
  };
}

/** Seconds since the bot's last event; silent (a breach) from the rule's period on, during its usual hours. */
async function measureSilence(rule: AlertRule, ctx: MeasureContext): Promise<Evaluation> {
  const bots = await ctx.cache.get(['bots'], () => listBots(ctx.db));
  const bot = bots.find((b) => b.botId === rule.botId);
  if (bot === undefined) return { kind: 'insufficient', reason: `${rule.botId ?? 'the bot'} has not sent any events yet`, sample: null };
  const silentSeconds = Math.max(0, Math.floor((ctx.now.getTime() - bot.lastEventAt.getTime()) / 1000));
  const measured = { kind: 'measured' as const, value: silentSeconds, numerator: null, denominator: null, sample: null };
  if (silentSeconds < rule.threshold) return { ...measured, breach: false, clear: true };
  const hour = Math.floor(ctx.now.getTime() / 3_600_000);
  const zone = ruleZone(rule, bots, ctx.timeZone).zone;
  const usual = await ctx.cache.get(['usual', bot.botId, hour, zone], () => usuallyActive(ctx.db, bot.botId, bot.firstEventAt, ctx.now, zone));
  return { ...measured, breach: usual, clear: false };
}
