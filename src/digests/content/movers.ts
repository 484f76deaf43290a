import type { Queryable } from '../../db/database.ts';
import type { Signal } from '../../events/contract.ts';
import type { Aggregates } from '../../metrics/aggregates.ts';
import type { MetricDefinition } from '../../metrics/catalog.ts';
import type { CohortFilter, Dimension } from '../../metrics/cohort.ts';
import { missingEvents } from '../../metrics/evaluate-metrics.ts';
import { describeChange, formatValue } from '../../metrics/format.ts';
import type { MetricValue } from '../../metrics/metric-value.ts';
import type { AggregateRow } from '../../metrics/query-aggregates.ts';
import { queryAggregates } from '../../metrics/query-aggregates.ts';
import { twoProportionZTest } from '../../metrics/significance.ts';
import type { Table } from '../../replies/reply.ts';
import type { TimeWindow } from '../../time/windows.ts';

/** A segment (a bot, a channel, an intent) whose metric changed beyond noise. */
export interface Mover {
  segment: string;
  metric: MetricDefinition;
  current: MetricValue;
  previous: MetricValue;
  /** How surprising the change is (a z-score; the sign is the direction). */
  z: number;
}

export interface MoverQuestion {
  filter: CohortFilter;
  window: TimeWindow;
  now: Date;
  idleMinutes: number;
  /** Event types sent by the scope's bots, and by each bot (a bot's own metrics need its own events). */
  sent: Set<Signal>;
  sentByBot: Map<string, Set<Signal>>;
}

const segmentNames: Record<Dimension, string> = { bot: '', channel: 'channel ', version: 'version ', intent: 'intent ' };
/** Counts are compared as Poisson counts; below this many in both periods together, not at all. */
const minCountTotal = 60;
const zCritical = 1.96;

/** Current and previous aggregates per group of a dimension (the queries the movers are made from). */
export function segmentAggregates(db: Queryable, q: MoverQuestion, dimension: Dimension): Promise<AggregateRow[]> {
  return queryAggregates(db, { filter: q.filter, current: q.window, previous: q.window.previous, groupBy: dimension, timeZone: q.window.timeZone, now: q.now, idleMinutes: q.idleMinutes });
}

/**
 * The biggest movers: for each segment of each dimension and each headline rate or count, the
 * change against the previous period, kept only when it is beyond noise at 95 % (a two-proportion
 * z-test for rates, a Poisson test for counts), the most surprising first.
 */
export function findMovers(rowsByDimension: ReadonlyMap<Dimension, readonly AggregateRow[]>, metrics: readonly MetricDefinition[], q: MoverQuestion, limit = 5): Mover[] {
  const movers: Mover[] = [];
  for (const [dimension, rows] of rowsByDimension) {
    const groups = new Map<string, { current?: Aggregates; previous?: Aggregates }>();
    for (const row of rows) {
      if (row.group === null) continue;
      const entry = groups.get(row.group) ?? {};
      entry[row.period] = row.aggregates;
      groups.set(row.group, entry);
    }
    for (const [group, { current, previous }] of groups) {
      if (current === undefined || previous === undefined) continue;
      const sent = dimension === 'bot' ? (q.sentByBot.get(group) ?? new Set<Signal>()) : q.sent;
      const context = { sends: (t: Signal) => sent.has(t) };
      for (const metric of metrics) {
        if (!metric.compute || missingEvents(metric, sent, group) !== undefined) continue;
        const now = metric.compute(current, context);
        const before = metric.compute(previous, context);
        const z = surprise(metric, now, before);
        if (z !== undefined) movers.push({ segment: `${segmentNames[dimension]}${group}`, metric, current: now, previous: before, z });
      }
    }
  }
  return movers.sort((a, b) => Math.abs(b.z) - Math.abs(a.z)).slice(0, limit);
}

/** The z-score of a change when it is beyond noise; undefined when it is not (or cannot be told). */
function surprise(metric: MetricDefinition, now: MetricValue, before: MetricValue): number | undefined {
  if (now.value === null || before.value === null) return undefined;
  if (metric.unit === 'share') {
    if (now.numerator === undefined || now.denominator === undefined || before.numerator === undefined || before.denominator === undefined) return undefined;
    const test = twoProportionZTest(now.numerator, now.denominator, before.numerator, before.denominator);
    return test.significant ? test.z : undefined;
  }
  if (metric.unit === 'count') {
    const total = now.value + before.value;
    if (total < minCountTotal) return undefined;
    const z = (now.value - before.value) / Math.sqrt(total);
    return Math.abs(z) >= zCritical ? z : undefined;
  }
  return undefined;
}

/** The movers as a table: segment, metric, now, before, change. */
export function moversTable(movers: readonly Mover[], previousLabel: string): Table {
  return {
    columns: [
      { key: 'segment', label: 'Where' },
      { key: 'metric', label: 'Metric' },
      { key: 'now', label: 'Now', align: 'right' },
      { key: 'before', label: previousLabel, align: 'right' },
      { key: 'change', label: 'Change', align: 'right' },
    ],
    rows: movers.map((m) => ({
      segment: m.segment,
      metric: m.metric.short,
      now: formatValue(m.current.value, m.metric.unit),
      before: formatValue(m.previous.value, m.metric.unit),
      change: describeChange(m.current.value, m.previous.value, m.metric.unit, m.metric.better)?.formatted ?? '–',
    })),
    values: movers.map((m) => ({
      now: m.current.value,
      before: m.previous.value,
      change: m.current.value !== null && m.previous.value !== null ? m.current.value - m.previous.value : null,
    })),
    caption: 'Biggest movers: changes beyond day-to-day noise (95 %), the most surprising first.',
  };
}
