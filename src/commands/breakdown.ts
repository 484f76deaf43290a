import type { ComputeContext, MetricDefinition } from '../metrics/catalog.ts';
import type { Dimension } from '../metrics/cohort.ts';
import { formatCount } from '../metrics/format.ts';
import type { MetricValue } from '../metrics/metric-value.ts';
import { metricQueries } from '../metrics/queries/index.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import { buildFigure } from '../replies/build-figure.ts';
import type { Reply } from '../replies/reply.ts';
import type { CommandContext } from './command-context.ts';
import type { ResolvedScope } from './resolve-scope.ts';
import { sampleExportColumns, sampleValues } from './sample-export.ts';

/** Metrics with their own query are computed per group one query at a time: cap the count. */
export const maxSeparateQueries = 62;

/** A metric measured per group, and over the whole cohort. */
export interface MeasuredGroups {
  groups: { group: string | null; current: MetricValue; previous: MetricValue }[];
  total: MetricValue;
  totalPrevious: MetricValue;
  notes: string[];
}

/** `<metric> … by:channel|version|intent|bot`: the metric per value of a conversation dimension. */
export async function measureByDimension(metric: MetricDefinition, r: ResolvedScope, dimension: Dimension, context: ComputeContext, ctx: CommandContext): Promise<MeasuredGroups> {
  const { window } = r;
  const rows = await queryAggregates(ctx.db, { filter: r.filter, current: window, previous: window.previous, groupBy: dimension, timeZone: window.timeZone, now: r.now, idleMinutes: ctx.idleMinutes });
  const groups = [...new Set(rows.filter((x) => x.period === 'current').map((x) => x.group))];
  const filterKey = { channel: 'channels', version: 'versions', intent: 'intents', bot: 'bots' } as const;
  const valueOf = async (group: string | null, period: 'current' | 'previous'): Promise<MetricValue> => {
    if (metric.compute) {
      const a = rows.find((x) => x.period === period && x.group === group)?.aggregates;
      return a ? metric.compute(a, context) : { value: null, reason: 'no conversations' };
    }
    if (group === null) return { value: null, reason: `conversations without a ${dimension}` };
    const filter = { ...r.filter, [filterKey[dimension]]: [group] };
    return metricQueries[metric.id]!(ctx.db, { interval: period === 'current' ? window : window.previous, filter });
  };
  const measured = [];
  for (const group of groups.slice(0, maxSeparateQueries)) measured.push({ group, current: await valueOf(group, 'current'), previous: await valueOf(group, 'previous') });

  let total: MetricValue;
  let totalPrevious: MetricValue;
  if (metric.compute) {
    total = metric.compute(sumAggregates(rows.filter((x) => x.period === 'current').map((x) => x.aggregates)), context);
    totalPrevious = metric.compute(sumAggregates(rows.filter((x) => x.period === 'previous').map((x) => x.aggregates)), context);
  } else {
    [total, totalPrevious] = await Promise.all([metricQueries[metric.id]!(ctx.db, { interval: window, filter: r.filter }), metricQueries[metric.id]!(ctx.db, { interval: window.previous, filter: r.filter })]);
  }
  const notes = groups.length > maxSeparateQueries ? [`Showing the first ${maxSeparateQueries} of ${groups.length} ${dimension}s.`] : [];
  return { groups: measured, total, totalPrevious, notes };
}

/** The reply of a breakdown: the total as the figure, a table and a bar chart of the groups (highest first). */
export function breakdownReply(metric: MetricDefinition, r: ResolvedScope, dimension: string, measured: MeasuredGroups, currency?: string): Reply {
  const groups = [...measured.groups].sort((a, b) => (b.current.value ?? -Infinity) - (a.current.value ?? -Infinity));
  const label = (g: string | null) => g ?? `(no ${dimension})`;
  const reply: Reply = {
    kind: 'result',
    title: '',
    figures: [buildFigure(metric, measured.total, measured.totalPrevious, currency)],
    notes: measured.notes,
    table: {
      columns: [
        { key: 'group', label: dimension[0]!.toUpperCase() + dimension.slice(1) },
        { key: 'value', label: metric.name, align: 'right' },
        { key: 'sample', label: 'Sample', align: 'right' },
        { key: 'change', label: 'Change', align: 'right' },
      ],
      rows: groups.map((m) => {
        const figure = buildFigure(metric, m.current, m.previous, currency);
        return {
          group: label(m.group),
          value: figure.formatted,
          sample: m.current.numerator !== undefined && m.current.denominator !== undefined ? `${formatCount(m.current.numerator)}/${formatCount(m.current.denominator)}` : m.current.denominator !== undefined ? formatCount(m.current.denominator) : '',
          change: figure.change?.formatted ?? '–',
        };
      }),
      exportColumns: sampleExportColumns([
        { key: 'group', label: dimension[0]!.toUpperCase() + dimension.slice(1) },
        { key: 'value', label: metric.name },
        { key: 'previous', label: 'Previous period' },
        { key: 'change', label: 'Change' },
      ]),
      values: groups.map((m) => ({
        group: m.group,
        value: m.current.value,
        previous: m.previous.value,
        change: m.current.value !== null && m.previous.value !== null ? m.current.value - m.previous.value : null,
        ...sampleValues(m.current),
      })),
    },
  };
  if (groups.length > 0) {
    reply.chart = { kind: 'bars', title: `${metric.name} by ${dimension}`, subtitle: r.subtitle, unit: metric.unit, dimension, metricLabel: metric.name, bars: groups.map((m) => ({ label: label(m.group), value: m.current.value })) };
  }
  return reply;
}
