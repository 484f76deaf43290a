import type { Queryable } from '../../db/database.ts';
import type { Interval } from '../../time/windows.ts';
import type { Aggregates } from '../aggregates.ts';
import type { CohortFilter } from '../cohort.ts';
import { sumAggregates } from '../fact-aggregates.ts';
import { queryRollupAggregates } from '../rollups/query-rollups.ts';
import { metricCohorts } from './fates.ts';
import type { Denominator, Outcome } from './fates.ts';

type Count = (a: Aggregates) => number;

/** Outcomes that are settled by definition: within the settled cohorts they count the same. */
const settledOutcomes = {
  settled: (a) => a.settled,
  contained: (a) => a.contained,
  dropped: (a) => a.dropped,
  completed: (a) => a.completed,
  resolved: (a) => a.resolved_settled,
  unresolved: (a) => a.settled - a.resolved_settled,
  abandoned: (a) => a.abandoned,
  goal: (a) => a.goal_settled,
} satisfies Partial<Record<Outcome, Count>>;

/**
 * How many conversations a list selects, as the aggregates the metrics are computed from: per
 * cohort (a metric's denominator, or every conversation), without an outcome (`any`) or with one.
 * A combination missing here (say settled conversations with a lead) is no aggregate, so it is
 * counted instead. Each entry is the same condition as in ./fates.ts, checked against counting in
 * test/metrics/drill-down-totals.test.ts.
 */
const counts: Record<Denominator, Partial<Record<Outcome | 'any', Count>>> = {
  all: {
    any: (a) => a.conversations,
    ...settledOutcomes,
    'in-progress': (a) => a.conversations - a.settled,
    handoff: (a) => a.handed_off,
    engaged: (a) => a.engaged,
    converted: (a) => a.converted,
    lead: (a) => a.leads,
  },
  settled: {
    any: (a) => a.settled,
    ...settledOutcomes,
    handoff: (a) => a.escalated_settled,
    engaged: (a) => a.engaged_settled,
  },
  'engaged-settled': {
    any: (a) => a.engaged_settled,
    settled: (a) => a.engaged_settled,
    engaged: (a) => a.engaged_settled,
    abandoned: (a) => a.abandoned,
  },
};

/** Which conversations a drill-down list counts. */
export interface TotalQuery {
  interval: Interval;
  filter: CohortFilter;
  /** Only the conversations a metric's figure was taken over (its denominator). */
  metric?: string;
  outcome?: Outcome;
  /** The last step the conversation reached (of any flow). */
  step?: string;
  now: Date;
  idleMinutes: number;
}

/**
 * The aggregate a list's total is, when rollups keep it: no step or flow filter (rollups know
 * neither) and a metric/outcome pair that is one of the figures above. Undefined otherwise.
 */
export function rollupCount(q: TotalQuery): Count | undefined {
  if (q.step !== undefined || q.filter.flows.length > 0) return undefined;
  const cohort = q.metric === undefined ? 'all' : metricCohorts[q.metric]?.denominator;
  if (cohort === undefined) return undefined;
  return counts[cohort][q.outcome ?? 'any'];
}

/**
 * The list's total from the same aggregation a summary's figures come from — whole UTC hours from
 * `fact_rollups`, the partial hours at the ends and the conversations not yet settled from the
 * facts — so it costs the same whatever the number of matches, and always equals the figure the
 * list drills down from. Undefined when rollups cannot answer (the caller counts instead).
 *
 * Rollups are asked directly rather than through queryAggregates: without a breakdown by time
 * bucket the zone does not matter, so zones whose hours are not UTC hours are answered too.
 */
export async function totalFromRollups(db: Queryable, q: TotalQuery): Promise<number | undefined> {
  const count = rollupCount(q);
  if (count === undefined) return undefined;
  const rows = await queryRollupAggregates(db, { filter: q.filter, current: q.interval, timeZone: 'UTC', now: q.now, idleMinutes: q.idleMinutes });
  return count(sumAggregates(rows.map((r) => r.aggregates)));
}
