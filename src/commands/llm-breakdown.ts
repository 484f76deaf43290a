import type { ComputeContext, MetricDefinition } from '../metrics/catalog.ts';
import { queryLlmGroupAggregates } from '../metrics/llm-group-aggregates.ts';
import type { MetricValue } from '../metrics/metric-value.ts';
import { metricQueries } from '../metrics/queries/index.ts';
import { llmGroupQueries } from '../metrics/queries/llm-latency.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import type { LlmDimension } from '../metrics/rollups/llm-group-rollups.ts';
import { maxSeparateQueries } from './breakdown.ts';
import type { MeasuredGroups } from './breakdown.ts';
import type { CommandContext } from './command-context.ts';
import type { ResolvedScope } from './resolve-scope.ts';

/**
 * `<llm metric> … by:model|provider`. A conversation that called two models counts in both
 * groups, each with only its own model's calls: the groups' costs and tokens add up to the total,
 * their conversation counts may not. The total is the metric over the whole cohort, as without by:.
 */
export async function measureByLlmDimension(metric: MetricDefinition, r: ResolvedScope, dimension: LlmDimension, context: ComputeContext, ctx: CommandContext): Promise<MeasuredGroups> {
  const { window } = r;
  const question = { filter: r.filter, current: window, previous: window.previous, timeZone: window.timeZone, now: r.now, idleMinutes: ctx.idleMinutes };
  if (metric.compute) {
    const notes = [`A conversation that called more than one ${dimension} counts in each of their groups, with only that ${dimension}’s calls.`];
    const compute = metric.compute;
    const [rows, totals] = await Promise.all([queryLlmGroupAggregates(ctx.db, question, dimension), queryAggregates(ctx.db, question)]);
    const current = rows.filter((x) => x.period === 'current');
    const ordered = current.slice(0, maxSeparateQueries);
    if (current.length > ordered.length) notes.push(`Showing the first ${maxSeparateQueries} of ${current.length} ${dimension}s.`);
    const previousOf = (group: string | null): MetricValue => {
      const a = rows.find((x) => x.period === 'previous' && x.group === group)?.aggregates;
      return a ? compute(a, context) : { value: null, reason: `no conversations with calls of this ${dimension}` };
    };
    return {
      groups: ordered.map((row) => ({ group: row.group, current: compute(row.aggregates, context), previous: previousOf(row.group) })),
      total: compute(sumAggregates(totals.filter((x) => x.period === 'current').map((x) => x.aggregates)), context),
      totalPrevious: compute(sumAggregates(totals.filter((x) => x.period === 'previous').map((x) => x.aggregates)), context),
      notes,
    };
  }
  const grouped = llmGroupQueries[metric.id];
  const whole = metricQueries[metric.id];
  if (grouped === undefined || whole === undefined) throw new Error(`metric ${metric.id} cannot be grouped by ${dimension}`);
  const [current, previous, total, totalPrevious] = await Promise.all([
    grouped(ctx.db, { interval: window, filter: r.filter }, dimension),
    grouped(ctx.db, { interval: window.previous, filter: r.filter }, dimension),
    whole(ctx.db, { interval: window, filter: r.filter }),
    whole(ctx.db, { interval: window.previous, filter: r.filter }),
  ]);
  const groups = [...current.entries()].slice(0, maxSeparateQueries).map(([group, value]) => ({
    group,
    current: value,
    previous: previous.get(group) ?? { value: null, reason: `no calls of this ${dimension}` },
  }));
  const notes = current.size > groups.length ? [`Showing the first ${maxSeparateQueries} of ${current.size} ${dimension}s.`] : [];
  return { groups, total, totalPrevious, notes };
}
