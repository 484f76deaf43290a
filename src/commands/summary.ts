import type { Signal } from '../events/contract.ts';
import { sentEventTypes } from '../metrics/bot-info.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import { missingEvents } from '../metrics/evaluate-metrics.ts';
import { formatCount } from '../metrics/format.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import { buildFigure } from '../replies/build-figure.ts';
import type { Reply } from '../replies/reply.ts';
import { defaultBucket } from '../time/windows.ts';
import { layOutBuckets, metricSeries } from './build-series.ts';
import type { Scope } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { resolveScope } from './resolve-scope.ts';
import { scoreFigures } from './score-figures.ts';

/** The headline metrics of a summary, in reading order (those a bot cannot measure are left out). */
export const summaryMetricIds = [
  'conversations',
  'engagement_rate',
  'completion_rate',
  'goal_completion_rate',
  'lead_capture_rate',
  'conversion_rate',
  'drop_off_rate',
  'handoff_rate',
  'resolution_rate',
  'containment_rate',
  'avg_response_ms',
  'csat',
] as const;

/** Shown after the headline metrics when the bots send LLM calls (and never listed as "not shown" otherwise). */
export const llmSummaryMetricIds = ['llm_cost_per_conversation', 'llm_cost_per_resolved', 'llm_cost_per_handoff', 'llm_tokens_per_conversation', 'llm_error_rate'] as const;

/** Rates worth charting for a summary, by preference. */
const chartPreference = ['handoff_rate', 'drop_off_rate', 'resolution_rate', 'completion_rate', 'engagement_rate', 'conversion_rate'];

/** `/botwatch summary [bot] [window] [filters]`: headline figures with changes and a trend chart. */
export async function runSummary(scope: Scope, ctx: CommandContext): Promise<Reply> {
  const resolved = await resolveScope(scope, ctx);
  const { window, filter } = resolved;
  const bucket = defaultBucket(window);
  const sent = await sentEventTypes(ctx.db, filter.bots);
  const rows = await queryAggregates(ctx.db, { filter, current: window, previous: window.previous, groupBy: bucket, timeZone: window.timeZone, now: resolved.now, idleMinutes: ctx.idleMinutes });
  const current = sumAggregates(rows.filter((r) => r.period === 'current').map((r) => r.aggregates));
  const previous = sumAggregates(rows.filter((r) => r.period === 'previous').map((r) => r.aggregates));
  const costs = resolved.bots.length === 1 ? resolved.bots[0]?.costs : undefined;
  const context = { ...(costs ? { costs } : {}), sends: (t: Signal) => sent.has(t) };

  const all = summaryMetricIds.map((id) => findMetric(id)).filter((m): m is MetricDefinition => m !== undefined);
  const shown = all.filter((m) => missingEvents(m, sent, resolved.botsLabel) === undefined && m.compute);
  const hidden = all.filter((m) => !shown.includes(m));
  const figures = shown.map((m) => buildFigure(m, m.compute!(current, context), m.compute!(previous, context)));
  if (sent.has('llm.call')) {
    const llm = llmSummaryMetricIds.map((id) => findMetric(id)).filter((m): m is MetricDefinition => m?.compute !== undefined);
    figures.push(...llm.map((m) => buildFigure(m, m.compute!(current, context), m.compute!(previous, context))));
  }
  if (sent.has('score')) figures.push(...(await scoreFigures(ctx.db, window, filter)));

  const notes: string[] = [];
  const inProgress = current.conversations - current.settled;
  if (inProgress > 0 && shown.some((m) => m.settledOnly)) {
    notes.push(`${formatCount(inProgress)} of ${formatCount(current.conversations)} conversations are still in progress and not yet counted in ${shown.filter((m) => m.settledOnly).map((m) => m.name.toLowerCase()).join(', ')}.`);
  }
  if (hidden.length > 0) notes.push(`Not shown: ${hidden.map((m) => m.name.toLowerCase()).join(', ')} (${resolved.botsLabel} ${resolved.bots.length === 1 ? 'does' : 'do'} not send the events they need).`);
  if (current.conversations === 0) notes.push(`No conversations started in this window (${window.label}).`);
  notes.push(`Compared with ${window.previous.label}.`);

  const charted = chartPreference.map((id) => shown.find((m) => m.id === id)).filter((m): m is MetricDefinition => m !== undefined).slice(0, 3);
  const buckets = layOutBuckets(rows, window, bucket);
  const reply: Reply = { kind: 'result', title: `Summary — ${resolved.botsLabel}`, subtitle: resolved.subtitle, figures, notes };
  if (charted.length > 0 && current.conversations > 0) {
    reply.chart = {
      kind: 'timeseries',
      title: `Key rates by ${bucket}`,
      subtitle: resolved.subtitle,
      unit: 'share',
      bucket,
      timeZone: window.timeZone,
      series: charted.map((m) => {
        const series = metricSeries(m, buckets, context);
        // With several series, the previous period would crowd the chart; it is in the figures.
        return charted.length > 1 ? { metric: series.metric, label: series.label, points: series.points } : series;
      }),
    };
  }
  return reply;
}
