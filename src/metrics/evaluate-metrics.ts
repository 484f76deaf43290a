import type { Queryable } from '../db/database.ts';
import { describeSignal } from '../events/contract.ts';
import type { Signal } from '../events/contract.ts';
import type { TimeWindow } from '../time/windows.ts';
import type { Aggregates } from './aggregates.ts';
import { emptyAggregates } from './aggregates.ts';
import type { CostSettings, MetricDefinition } from './catalog.ts';
import type { CohortFilter } from './cohort.ts';
import type { MetricValue } from './metric-value.ts';
import { metricQueries } from './queries/index.ts';
import { queryAggregates } from './query-aggregates.ts';

export interface MetricQuestion {
  filter: CohortFilter;
  window: TimeWindow;
  now: Date;
  idleMinutes: number;
  /** Event types the bots asked about have ever sent. */
  sent: Set<Signal>;
  costs?: CostSettings;
  /** Who the bots are, for reasons: "support-bot", "these bots". */
  botsLabel: string;
}

export interface EvaluatedMetric {
  metric: MetricDefinition;
  current: MetricValue;
  previous: MetricValue;
}

export interface Evaluation {
  metrics: EvaluatedMetric[];
  current: Aggregates;
  previous: Aggregates;
}

/** n/a because the bots never sent what the metric is made of; undefined when they did. */
export function missingEvents(metric: MetricDefinition, sent: Set<Signal>, botsLabel: string): MetricValue | undefined {
  if (metric.needs.length === 0 || metric.needs.some((t) => sent.has(t))) return undefined;
  return { value: null, reason: `${botsLabel} ${botsLabel.includes(' ') ? 'send' : 'sends'} no ${metric.needs.map(describeSignal).join(' or ')}` };
}

/** Computes metrics for a window and its previous equal window: one facts pass plus any own queries. */
export async function evaluateMetrics(db: Queryable, metrics: readonly MetricDefinition[], q: MetricQuestion): Promise<Evaluation> {
  const rows = await queryAggregates(db, {
    filter: q.filter,
    current: q.window,
    previous: q.window.previous,
    timeZone: q.window.timeZone,
    now: q.now,
    idleMinutes: q.idleMinutes,
  });
  const current = rows.find((r) => r.period === 'current')?.aggregates ?? emptyAggregates();
  const previous = rows.find((r) => r.period === 'previous')?.aggregates ?? emptyAggregates();
  const context = { ...(q.costs ? { costs: q.costs } : {}), sends: (t: Signal) => q.sent.has(t) };

  const evaluated = await Promise.all(
    metrics.map(async (metric): Promise<EvaluatedMetric> => {
      const missing = missingEvents(metric, q.sent, q.botsLabel);
      if (missing) return { metric, current: missing, previous: missing };
      if (metric.source === 'facts' && metric.compute) {
        return { metric, current: metric.compute(current, context), previous: metric.compute(previous, context) };
      }
      const run = metricQueries[metric.id];
      if (run === undefined) throw new Error(`metric ${metric.id} has no computation`);
      const [cur, prev] = await Promise.all([run(db, { interval: q.window, filter: q.filter }), run(db, { interval: q.window.previous, filter: q.filter })]);
      return { metric, current: cur, previous: prev };
    }),
  );
  return { metrics: evaluated, current, previous };
}
