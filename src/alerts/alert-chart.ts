import { hourlyBand } from '../anomaly/band-series.ts';
import { bandMeasure, hasBand } from '../anomaly/banded-measure.ts';
import type { Queryable } from '../db/database.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import { formatValue } from '../metrics/format.ts';
import { metricQueries } from '../metrics/queries/index.ts';
import { queryAggregates } from '../metrics/query-aggregates.ts';
import type { Point, TimeSeriesChart } from '../replies/reply.ts';
import { bucketStarts } from '../time/windows.ts';
import type { AlertRule } from './alert-rule.ts';
import { describeScope, ruleMetric } from './describe-rule.ts';
import { MeasureCache } from './evaluation.ts';
import { ruleCohort } from './measure-rule.ts';
import { resolveRuleZone } from './rule-zone.ts';

const hourMs = 3_600_000;

export interface ChartContext {
  db: Queryable;
  now: Date;
  idleMinutes: number;
  timeZone: string;
}

/**
 * The notification's chart: the rule's metric by hour over the last 24 hours with the threshold
 * as a labelled line. A silence rule shows the bot's conversations per hour.
 */
export async function alertChart(rule: AlertRule, ctx: ChartContext): Promise<TimeSeriesChart> {
  const metric: MetricDefinition | undefined = rule.kind === 'silence' ? findMetric('conversations') : ruleMetric(rule);
  if (metric === undefined) throw new Error(`rule #${rule.id} watches "${rule.metric}", which is not in the metric catalog`);
  const interval = { start: new Date(Math.floor(ctx.now.getTime() / hourMs) * hourMs - 23 * hourMs), end: ctx.now };
  const starts = bucketStarts(interval, 'hour', ctx.timeZone);
  const filter = ruleCohort(rule);
  let points: Point[];
  // An anomaly rule's line is measured as its band is (a reply time from the latency histogram).
  const computeLine = rule.kind === 'anomaly' && hasBand(metric) ? bandMeasure(metric) : metric.compute;
  if (computeLine) {
    const rows = await queryAggregates(ctx.db, { filter, current: interval, groupBy: 'hour', timeZone: ctx.timeZone, now: ctx.now, idleMinutes: ctx.idleMinutes });
    const byHour = new Map(rows.filter((r) => r.period === 'current').map((r) => [r.group, r.aggregates]));
    const compute = computeLine;
    points = starts.map((t) => {
      const a = byHour.get(t.toISOString());
      // An hour without conversations has no rate (a gap), but a volume of 0.
      const value = a ? compute(a, { sends: () => true }).value : metric.id === 'conversations' ? 0 : null;
      return { t: t.toISOString(), value };
    });
  } else {
    const run = metricQueries[metric.id];
    if (run === undefined) throw new Error(`metric ${metric.id} has no computation`);
    points = await Promise.all(
      starts.map(async (t, i) => {
        const end = starts[i + 1] ?? ctx.now;
        return { t: t.toISOString(), value: (await run(ctx.db, { interval: { start: t < interval.start ? interval.start : t, end }, filter })).value };
      }),
    );
  }
  const chart: TimeSeriesChart = {
    kind: 'timeseries',
    title: rule.kind === 'silence' ? `Conversations started — ${rule.botId ?? 'all bots'}` : metric.name,
    subtitle: `${describeScope(rule)} · last 24 hours · ${ctx.timeZone}`,
    unit: metric.unit,
    bucket: 'hour',
    timeZone: ctx.timeZone,
    series: [{ metric: metric.id, label: metric.name, points }],
  };
  if (rule.kind === 'metric') chart.threshold = { value: rule.threshold, label: `alert ${rule.direction} ${formatValue(rule.threshold, metric.unit)}` };
  if (rule.kind === 'anomaly' && rule.anomaly) {
    const { sensitivity } = rule.anomaly;
    const cache = new MeasureCache();
    const timeZone = (await resolveRuleZone(rule, { db: ctx.db, cache, timeZone: ctx.timeZone })).zone;
    chart.band = await hourlyBand({ metric, botId: rule.botId, starts, end: ctx.now, timeZone, sensitivity }, { db: ctx.db, now: ctx.now, idleMinutes: ctx.idleMinutes, cache });
  }
  return chart;
}
