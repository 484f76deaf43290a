import type { FiredAlertsSource } from '../../alerts/fired-alerts.ts';
import { layOutBuckets, metricSeries } from '../../commands/build-series.ts';
import type { Queryable } from '../../db/database.ts';
import type { Signal } from '../../events/contract.ts';
import type { Logger } from '../../log.ts';
import { listBots, sentEventTypes } from '../../metrics/bot-info.ts';
import type { CohortFilter, Dimension } from '../../metrics/cohort.ts';
import { emptyFilter } from '../../metrics/cohort.ts';
import { evaluateMetrics } from '../../metrics/evaluate-metrics.ts';
import type { MetricQuestion } from '../../metrics/evaluate-metrics.ts';
import { describeChange, formatCount } from '../../metrics/format.ts';
import type { AggregateRow } from '../../metrics/query-aggregates.ts';
import { queryAggregates } from '../../metrics/query-aggregates.ts';
import { buildFigure } from '../../replies/build-figure.ts';
import type { Figure, Point, Reply } from '../../replies/reply.ts';
import type { DigestContentSpec } from '../subscription.ts';
import { alertNotes } from './alerts-section.ts';
import { digestMetrics } from './digest-metrics.ts';
import { digestPanels } from './digest-panels.ts';
import { digestPeriod } from './digest-period.ts';
import { freshnessNotes } from './freshness.ts';
import { unusualNotes } from './unusual-section.ts';
import { findMovers, moversTable, segmentAggregates } from './movers.ts';
import { describeDropOff, worstDropOff } from './worst-drop-off.ts';

/** What composing a digest reads: the database, the clock (what is settled), the alerts module if any. */
export interface DigestContext {
  db: Queryable;
  /** The clock when composing: decides which conversations count as settled. */
  now: Date;
  idleMinutes: number;
  logger: Logger;
  firedAlerts?: FiredAlertsSource;
}

/**
 * The digest for a slot, as a Reply of kind `digest`: for the subscription's bots and the period
 * before the slot (yesterday, or last week, in its zone) the headline metrics with their change
 * against the period before (daily: and against the same day a week earlier), the biggest movers
 * by bot, channel and intent, the worst drop-off step, the alerts that fired, data freshness and
 * one chart of panels. Every number comes from the metric engine (evaluateMetrics, queryAggregates,
 * the funnel queries), so a digest says what `/botwatch summary` would for the same period.
 */
export async function composeDigest(spec: DigestContentSpec, slot: Date, ctx: DigestContext): Promise<Reply> {
  const { db } = ctx;
  const period = digestPeriod(spec.cadence, slot, spec.timeZone);
  const { window } = period;
  const known = await listBots(db);
  const scopeBots = spec.bots.length > 0 ? spec.bots : known.map((b) => b.botId);
  const botsLabel = spec.bots.length > 0 ? spec.bots.join(', ') : known.length === 1 ? (known[0]?.botId ?? '') : `all bots (${known.length})`;
  const title = `${spec.cadence === 'daily' ? 'Daily' : 'Weekly'} digest — ${botsLabel}`;
  const subtitle = [botsLabel, period.label, spec.timeZone].join(' · ');
  if (known.length === 0) return { kind: 'digest', title, subtitle, figures: [], notes: ['No bot has sent any events yet: there is nothing to report.'] };

  // Every bot named, even for "all bots": the facts are keyed by bot first, so the flow queries
  // use the index instead of scanning every conversation (14 × faster on 1M conversations).
  const filter: CohortFilter = { ...emptyFilter(), bots: scopeBots };
  const sent = await sentEventTypes(db, spec.bots);
  const sentByBot = new Map(await Promise.all(scopeBots.map(async (bot) => [bot, await sentEventTypes(db, [bot])] as const)));
  const { shown, hidden } = digestMetrics(spec.metrics, sent, botsLabel);
  const costs = scopeBots.length === 1 ? known.find((b) => b.botId === scopeBots[0])?.costs : undefined;
  const question: MetricQuestion = { filter, window, now: ctx.now, idleMinutes: ctx.idleMinutes, sent, botsLabel, ...(costs ? { costs } : {}) };

  const evaluation = await evaluateMetrics(db, shown, question);
  const weekAgo = period.sameDayLastWeek ? await evaluateMetrics(db, shown, { ...question, window: { ...window, previous: period.sameDayLastWeek } }) : undefined;
  const figures = evaluation.metrics.map((e, i) => {
    const figure = buildFigure(e.metric, e.current, e.previous, costs?.currency);
    const then = weekAgo?.metrics[i]?.previous;
    return period.sameDayLastWeek && then ? withSecondComparison(figure, then.value, period.sameDayLastWeek.label) : figure;
  });

  const aggregateQuery = { filter, current: window, previous: window.previous, timeZone: spec.timeZone, now: ctx.now, idleMinutes: ctx.idleMinutes };
  const moverQuestion = { filter, window, now: ctx.now, idleMinutes: ctx.idleMinutes, sent, sentByBot };
  const dimensions: Dimension[] = ['bot', 'channel', 'intent'];
  const [bucketRows, segmentRows, drop, alerts, unusual] = await Promise.all([
    queryAggregates(db, { ...aggregateQuery, groupBy: period.bucket }),
    Promise.all(dimensions.map(async (d) => [d, await segmentAggregates(db, moverQuestion, d)] as const)),
    worstDropOff(db, window, filter, new Date(ctx.now.getTime() - ctx.idleMinutes * 60_000)),
    alertNotes(ctx.firedAlerts, spec.bots, window, spec.timeZone, ctx.logger),
    unusualNotes(db, scopeBots, window, { timeZone: spec.timeZone, now: ctx.now, idleMinutes: ctx.idleMinutes, logger: ctx.logger }),
  ]);

  const buckets = layOutBuckets(bucketRows, window, period.bucket);
  const context = { ...(costs ? { costs } : {}), sends: (t: Signal) => sent.has(t) };
  const points = new Map<string, Point[]>(shown.filter((m) => m.source === 'facts' && m.compute).map((m) => [m.id, metricSeries(m, buckets, context).points]));

  const byDimension = new Map<Dimension, readonly AggregateRow[]>(segmentRows);
  const botRows = byDimension.get('bot') ?? [];
  // Movers by bot only when there are several: with one, they would repeat the headline figures.
  if (scopeBots.length < 2) byDimension.delete('bot');
  const movers = findMovers(byDimension, shown, moverQuestion);

  const conversations = evaluation.current.conversations;
  const notes: string[] = [];
  if (drop) notes.push(describeDropOff(drop));
  notes.push(...alerts);
  notes.push(...unusual);
  notes.push(
    ...freshnessNotes(
      scopeBots.map((botId) => ({
        botId,
        info: known.find((b) => b.botId === botId),
        conversations: botRows.find((r) => r.period === 'current' && r.group === botId)?.aggregates.conversations ?? 0,
      })),
      window,
      spec.timeZone,
    ),
  );
  if (conversations === 0) notes.push(`No conversations started in ${period.label}.`);
  else if (movers.length === 0) notes.push('Biggest movers: no bot, channel or intent moved beyond day-to-day noise.');
  const inProgress = conversations - evaluation.current.settled;
  const settledOnly = shown.filter((m) => m.settledOnly);
  if (inProgress > 0 && settledOnly.length > 0) {
    notes.push(`${formatCount(inProgress)} of ${formatCount(conversations)} conversations are still in progress and not yet counted in ${settledOnly.map((m) => m.name.toLowerCase()).join(', ')}.`);
  }
  if (hidden.length > 0) notes.push(`Not shown: ${hidden.map((m) => m.name.toLowerCase()).join(', ')} (${botsLabel} ${scopeBots.length === 1 ? 'does' : 'do'} not send the events they need).`);
  notes.push(`Changes are against ${window.previous.label}${period.sameDayLastWeek ? `; "vs ${period.sameDayLastWeek.label}" is the same day a week earlier` : ''}.`);

  const reply: Reply = { kind: 'digest', title, subtitle, figures, notes };
  if (movers.length > 0) reply.table = moversTable(movers, window.previous.label);
  const chart = conversations > 0 ? digestPanels(title, subtitle, figures, points) : undefined;
  if (chart) reply.chart = chart;
  return reply;
}

/** Adds the change against a second period to a figure's note: "41 of 180 · vs Mon 16 Nov: +1.2 pts". */
function withSecondComparison(figure: Figure, then: number | null, label: string): Figure {
  const change = describeChange(figure.value, then, figure.unit, figure.better);
  if (change === undefined) return figure;
  return { ...figure, note: [figure.note, `vs ${label}: ${change.formatted}`].filter(Boolean).join(' · ') };
}
