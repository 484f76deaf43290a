import type { Queryable } from '../db/database.ts';
import type { FunnelChart } from '../replies/reply.ts';
import type { Interval } from '../time/windows.ts';
import { cohortConditions, cohortInRanges } from './cohort.ts';
import { splitOnHours } from './rollups/query-rollups.ts';
import { queryFlowRollups, queryStepRollups } from './rollups/step-rollups.ts';
import type { StepSums } from './rollups/step-rollups.ts';
import type { CohortFilter } from './cohort.ts';

/** A flow step: how many reached it, the conversion from the step before, and those lost before it. */
export type FunnelStep = FunnelChart['steps'][number];

export interface Funnel {
  flow: string;
  /** Conversations of the cohort that entered the flow. */
  entered: number;
  /** Of those, still in progress (they may go further). */
  inProgress: number;
  /** In the order conversations reach them. */
  steps: FunnelStep[];
}

/**
 * Windows are split at whole UTC hours: those come from `step_rollups`, the partial hours at the
 * ends from the conversations' facts (src/metrics/rollups/query-rollups.ts does the same for
 * metrics). A flow filter (conversations that entered another flow too) is answered from the facts.
 */
function partsOf(interval: Interval, filter: CohortFilter): { hours?: Interval; factRanges: Interval[] } {
  const { hours, edges } = splitOnHours(interval);
  return hours !== undefined && filter.flows.length === 0 ? { hours, factRanges: edges } : { factRanges: [interval] };
}

/** The flows conversations of the cohort entered, busiest first (at most `limit`). */
export async function flowsInWindow(db: Queryable, interval: Interval, filter: CohortFilter, limit = 20): Promise<{ flow: string; n: number }[]> {
  const { hours, factRanges } = partsOf(interval, filter);
  const fromFacts = async () => {
    if (factRanges.length === 0) return [];
    const params: unknown[] = [];
    const cohort = cohortInRanges(factRanges, filter, params);
    return db.query<{ flow: string; n: number }>(`SELECT flow, count(*)::float8 AS n FROM conversation_facts f, unnest(f.flows) AS flow WHERE ${cohort} GROUP BY flow`, params);
  };
  const parts = await Promise.all([hours ? queryFlowRollups(db, hours, filter) : [], fromFacts()]);
  const counts = new Map<string, number>();
  for (const { flow, n } of parts.flat()) counts.set(flow, (counts.get(flow) ?? 0) + n);
  return [...counts.entries()]
    .filter(([, n]) => n > 0)
    .map(([flow, n]) => ({ flow, n }))
    .sort((a, b) => b.n - a.n || (a.flow < b.flow ? -1 : a.flow > b.flow ? 1 : 0))
    .slice(0, limit);
}

/** One flow's funnel (see {@link queryFunnels}). */
export async function queryFunnel(db: Queryable, interval: Interval, filter: CohortFilter, flow: string, settledBefore: Date): Promise<Funnel> {
  const [funnel] = await queryFunnels(db, interval, filter, [flow], settledBefore);
  return funnel!;
}

/** Step sums ('' = entered the flow) of the conversations that started in the ranges, from their facts. */
async function queryFactStepSums(db: Queryable, ranges: readonly Interval[], filter: CohortFilter, flows: readonly string[]): Promise<StepSums[]> {
  if (ranges.length === 0) return [];
  const params: unknown[] = [flows];
  const cohort = `${cohortInRanges(ranges, filter, params)} AND f.flows && $1::text[]`;
  const rows = await db.query<{ flow: string; step: string; reached: number; rank_sum: number; finals: number }>(
    `SELECT flow, step, count(*)::float8 AS reached, sum(rank)::float8 AS rank_sum, count(*) FILTER (WHERE final)::float8 AS finals
     FROM (
       SELECT s.elem->>0 AS flow, s.elem->>1 AS step, (s.elem->>4)::bigint AS rank, (s.elem->>3)::boolean AS final
       FROM conversation_facts f, jsonb_array_elements(f.steps) AS s(elem)
       WHERE ${cohort} AND s.elem->>0 = ANY($1::text[])
       UNION ALL
       SELECT flow, '', 0, false FROM conversation_facts f, unnest(f.flows) AS flow
       WHERE ${cohort} AND flow = ANY($1::text[])
     ) c
     GROUP BY flow, step`,
    params,
  );
  return rows.map((r) => ({ flow: r.flow, step: r.step, reached: r.reached, rankSum: r.rank_sum, finals: r.finals }));
}

/** Per flow: conversations of the cohort that entered it and are still in progress (they may go further). */
async function queryInProgress(db: Queryable, interval: Interval, filter: CohortFilter, flows: readonly string[], settledBefore: Date): Promise<Map<string, number>> {
  const params: unknown[] = [flows];
  const cohort = cohortConditions(interval, filter, params);
  params.push(settledBefore);
  const rows = await db.query<{ flow: string; n: number }>(
    `SELECT flow, count(*)::float8 AS n
     FROM conversation_facts f, unnest(f.flows) AS flow
     WHERE f.ended_at IS NULL AND f.last_event_at >= $${params.length} AND ${cohort} AND f.flows && $1::text[] AND flow = ANY($1::text[])
     GROUP BY flow`,
    params,
  );
  return new Map(rows.map((r) => [r.flow, r.n]));
}

/**
 * Flows' steps in the order conversations reach them (taken from the data: mean position of
 * each step's first reach; final steps last), with how many reached each, the step-to-step
 * conversion and the drop-off between steps — several flows in one pass over the cohort.
 * `settledBefore`: conversations idle since before this instant are settled (the clock minus the
 * idle timeout). One funnel per flow asked, in the order asked.
 */
export async function queryFunnels(db: Queryable, interval: Interval, filter: CohortFilter, flows: readonly string[], settledBefore: Date): Promise<Funnel[]> {
  if (flows.length === 0) return [];
  const { hours, factRanges } = partsOf(interval, filter);
  const [rolled, fromFacts, inProgress] = await Promise.all([
    hours ? queryStepRollups(db, hours, filter, flows) : [],
    queryFactStepSums(db, factRanges, filter, flows),
    queryInProgress(db, interval, filter, flows, settledBefore),
  ]);
  const sums = new Map<string, StepSums>();
  for (const part of [...rolled, ...fromFacts]) {
    const key = `${part.flow}\u0000${part.step}`;
    const sum = sums.get(key);
    if (sum === undefined) sums.set(key, { ...part });
    else {
      sum.reached += part.reached;
      sum.rankSum += part.rankSum;
      sum.finals += part.finals;
    }
  }
  return flows.map((flow) => {
    const entered = sums.get(`${flow}\u0000`)?.reached ?? 0;
    const ordered = [...sums.values()]
      .filter((s) => s.flow === flow && s.step !== '' && s.reached > 0)
      .map((s) => ({ step: s.step, reached: s.reached, rank: s.rankSum / s.reached, final: s.finals > 0 }))
      .sort((a, b) => Number(a.final) - Number(b.final) || a.rank - b.rank || b.reached - a.reached);
    return {
      flow,
      entered,
      inProgress: inProgress.get(flow) ?? 0,
      steps: ordered.map((s, i) => {
        const before = i === 0 ? entered : ordered[i - 1]!.reached;
        return { step: s.step, reached: s.reached, conversion: i === 0 ? null : before > 0 ? s.reached / before : null, dropOff: Math.max(0, before - s.reached) };
      }),
    };
  });
}

/** The step before which the most conversations were lost (undefined when none were). */
export function biggestDropOff(steps: readonly FunnelStep[]): FunnelStep | undefined {
  const worst = steps.slice(1).reduce<FunnelStep | undefined>((w, s) => (w === undefined || s.dropOff > w.dropOff ? s : w), undefined);
  return worst !== undefined && worst.dropOff > 0 ? worst : undefined;
}
