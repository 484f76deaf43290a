import { describeSignal } from '../events/contract.ts';
import type { Signal } from '../events/contract.ts';
import { sentEventTypes } from '../metrics/bot-info.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { ComputeContext, MetricDefinition } from '../metrics/catalog.ts';
import { llmDimensions } from '../metrics/rollups/llm-group-rollups.ts';
import type { LlmDimension } from '../metrics/rollups/llm-group-rollups.ts';
import { missingEvents } from '../metrics/evaluate-metrics.ts';
import { formatCount, formatValue } from '../metrics/format.ts';
import type { MetricValue } from '../metrics/metric-value.ts';
import { metricQueries } from '../metrics/queries/index.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import { buildFigure } from '../replies/build-figure.ts';
import type { Point, Reply, Table } from '../replies/reply.ts';
import { formatBucket } from '../time/format-bucket.ts';
import { bucketStarts, defaultBucket } from '../time/windows.ts';
import type { Bucket } from '../time/windows.ts';
import { layOutBuckets, metricSeries } from './build-series.ts';
import { addBand } from './band-option.ts';
import { breakdownReply, maxSeparateQueries, measureByDimension } from './breakdown.ts';
import type { Grouping, Scope } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { showConversationsAction } from './list-action.ts';
import { sampleExportColumns, sampleValues } from './sample-export.ts';
import { measureByLlmDimension } from './llm-breakdown.ts';
import { resolveScope } from './resolve-scope.ts';
import { measureByScore } from './score-breakdown.ts';
import type { ResolvedScope } from './resolve-scope.ts';

const isBucket = (by: Grouping | undefined): by is Bucket => by === 'hour' || by === 'day' || by === 'week';
const isLlmDimension = (by: Grouping): by is LlmDimension => (llmDimensions as readonly string[]).includes(by);

/** `/botwatch <metric> [bot] [window] [by:…] [band:on] [filters]`: one metric, its change, a trend (with the usual band behind an hourly one on request) or a breakdown (by a conversation dimension, or by model / provider for LLM metrics). */
export async function runMetric(metricId: string, scope: Scope, by: Grouping | undefined, ctx: CommandContext, options: { band?: boolean } = {}): Promise<Reply> {
  const metric = findMetric(metricId)!;
  const resolved = await resolveScope(scope, ctx);
  const sent = await sentEventTypes(ctx.db, resolved.filter.bots);
  const base: Reply = { kind: 'result', title: `${metric.name} — ${resolved.botsLabel}`, subtitle: resolved.subtitle, figures: [], notes: [] };
  const missing = missingEvents(metric, sent, resolved.botsLabel);
  if (missing) {
    return { ...base, figures: [buildFigure(metric, missing)], notes: [`${metric.name} is made from ${metric.needs.map(describeSignal).join(' or ')}. ${metric.description}`] };
  }
  const costs = resolved.bots.length === 1 ? resolved.bots[0]?.costs : undefined;
  const context: ComputeContext = { ...(costs ? { costs } : {}), sends: (t: Signal) => sent.has(t) };
  let reply: Reply;
  if (isBucket(by) || by === undefined) {
    reply = await trend(metric, resolved, by ?? defaultBucket(resolved.window), context, ctx);
    if (options.band === true && by === 'hour') await addBand(reply, metric, resolved, ctx);
  }  else {
    const measured =
      by === 'score' ? await measureByScore(resolved, ctx) : isLlmDimension(by) ? await measureByLlmDimension(metric, resolved, by, context, ctx) : await measureByDimension(metric, resolved, by, context, ctx);
    reply = breakdownReply(metric, resolved, by, measured, context.costs?.currency);
  }
  reply.title = base.title;
  reply.subtitle = base.subtitle;
  reply.notes.push(`${metric.formula}${metric.better === 'none' ? '' : ` · ${metric.better} is better`} · compared with ${resolved.window.previous.label}.`);
  const drillDown = showConversationsAction(metric.id, scope);
  if (drillDown) reply.actions = [...(reply.actions ?? []), drillDown];
  return reply;
}

async function trend(metric: MetricDefinition, r: ResolvedScope, bucket: Bucket, context: ComputeContext, ctx: CommandContext): Promise<Reply> {
  const { window } = r;
  let figure;
  let points: Point[];
  let previousPoints: Point[];
  let samples: (MetricValue | undefined)[] = [];
  const notes: string[] = [];
  if (metric.compute) {
    const rows = await queryAggregates(ctx.db, { filter: r.filter, current: window, previous: window.previous, groupBy: bucket, timeZone: window.timeZone, now: r.now, idleMinutes: ctx.idleMinutes });
    const current = sumAggregates(rows.filter((x) => x.period === 'current').map((x) => x.aggregates));
    const previous = sumAggregates(rows.filter((x) => x.period === 'previous').map((x) => x.aggregates));
    figure = buildFigure(metric, metric.compute(current, context), metric.compute(previous, context), context.costs?.currency);
    const buckets = layOutBuckets(rows, window, bucket);
    const series = metricSeries(metric, buckets, context);
    points = series.points;
    previousPoints = series.previous ?? [];
    samples = buckets.current.map((a) => metric.compute!(a, context));
    const inProgress = current.conversations - current.settled;
    if (metric.settledOnly && inProgress > 0) notes.push(`${formatCount(inProgress)} of ${formatCount(current.conversations)} conversations are still in progress and not yet counted.`);
  } else {
    const run = metricQueries[metric.id]!;
    const [cur, prev] = await Promise.all([run(ctx.db, { interval: window, filter: r.filter }), run(ctx.db, { interval: window.previous, filter: r.filter })]);
    figure = buildFigure(metric, cur, prev);
    const starts = bucketStarts(window, bucket, window.timeZone);
    const previousStarts = bucketStarts(window.previous, bucket, window.timeZone);
    const end = (list: Date[], i: number, last: Date) => list[i + 1] ?? last;
    if (starts.length <= maxSeparateQueries) {
      // One query per bucket; on a real server the pool runs them side by side.
      const at = (list: Date[], i: number, last: Date) => (list[i] === undefined ? undefined : { start: list[i], end: end(list, i, last) });
      [samples, previousPoints] = await Promise.all([
        Promise.all(starts.map((_, i) => run(ctx.db, { interval: at(starts, i, window.end)!, filter: r.filter }))),
        Promise.all(
          starts.map(async (t, i) => {
            const interval = at(previousStarts, i, window.previous.end);
            return { t: t.toISOString(), value: interval === undefined ? null : (await run(ctx.db, { interval, filter: r.filter })).value };
          }),
        ),
      ]);
      points = starts.map((t, i) => ({ t: t.toISOString(), value: samples[i]?.value ?? null }));
    } else {
      points = [];
      previousPoints = [];
      notes.push(`Too many ${bucket}s in this window for a ${metric.name.toLowerCase()} trend; try a coarser by:.`);
    }
  }
  const reply: Reply = { kind: 'result', title: '', figures: [figure], notes };
  if (points.length > 0 && points.some((p) => p.value !== null)) {
    reply.chart = { kind: 'timeseries', title: metric.name, subtitle: r.subtitle, unit: metric.unit, bucket, timeZone: window.timeZone, series: [{ metric: metric.id, label: metric.name, points, previous: previousPoints }] };
    reply.table = trendTable(metric, points, previousPoints, samples, bucket, window.timeZone, context.costs?.currency);
  }
  return reply;
}

function trendTable(metric: MetricDefinition, points: Point[], previous: Point[], samples: (MetricValue | undefined)[], bucket: Bucket, timeZone: string, currency?: string): Table {
  return {
    columns: [
      { key: 'when', label: bucket === 'hour' ? 'Hour' : bucket === 'day' ? 'Day' : 'Week' },
      { key: 'value', label: metric.name, align: 'right' },
      { key: 'sample', label: 'Sample', align: 'right' },
      { key: 'previous', label: 'Previous period', align: 'right' },
    ],
    rows: points.map((p, i) => {
      const s = samples[i];
      return {
        when: formatBucket(p.t, bucket, timeZone),
        value: formatValue(p.value, metric.unit, currency),
        sample: s?.numerator !== undefined && s.denominator !== undefined ? `${formatCount(s.numerator)}/${formatCount(s.denominator)}` : s?.denominator !== undefined ? formatCount(s.denominator) : '',
        previous: formatValue(previous[i]?.value ?? null, metric.unit, currency),
      };
    }),
    exportColumns: sampleExportColumns([
      { key: 'when', label: bucket === 'hour' ? 'Hour' : bucket === 'day' ? 'Day' : 'Week' },
      { key: 'value', label: metric.name },
      { key: 'previous', label: 'Previous period' },
    ]),
    values: points.map((p, i) => ({ when: p.t, value: p.value, ...sampleValues(samples[i]), previous: previous[i]?.value ?? null })),
  };
}
