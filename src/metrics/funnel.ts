import type { Queryable } from '../db/database.ts';
import type { FunnelChart } from '../replies/reply.ts';
import type { Interval } from '../time/windows.ts';
import { cohortConditions } from './cohort.ts';
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

interface StepRow {
  flow: string;
  step: string;
  reached: number;
  avg_rank: number;
  final: boolean;
}

/** The flows conversations of the cohort entered, busiest first (at most `limit`). */
export function flowsInWindow(db: Queryable, interval: Interval, filter: CohortFilter, limit = 20): Promise<{ flow: string; n: number }[]> {
  const params: unknown[] = [];
  const cohort = cohortConditions(interval, filter, params);
  params.push(limit);
  return db.query<{ flow: string; n: number }>(
    `SELECT flow, count(*) AS n FROM conversation_facts f, unnest(f.flows) AS flow WHERE ${cohort} GROUP BY flow ORDER BY n DESC, flow LIMIT $${params.length}`,
    params,
  );
}

/** One flow's funnel (see {@link queryFunnels}). */
export async function queryFunnel(db: Queryable, interval: Interval, filter: CohortFilter, flow: string, settledBefore: Date): Promise<Funnel> {
  const [funnel] = await queryFunnels(db, interval, filter, [flow], settledBefore);
  return funnel!;
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
  const params: unknown[] = [flows];
  const cohort = cohortConditions(interval, filter, params);
  const [steps, entries] = await Promise.all([
    db.query<StepRow>(
      `SELECT e.elem->>0 AS flow, e.elem->>1 AS step, count(*) AS reached, avg((e.elem->>4)::int)::float8 AS avg_rank, bool_or((e.elem->>3)::boolean) AS final
       FROM conversation_facts f, jsonb_array_elements(f.steps) AS e(elem)
       WHERE ${cohort} AND f.flows && $1::text[] AND e.elem->>0 = ANY($1::text[])
       GROUP BY 1, 2`,
      params,
    ),
    db.query<{ flow: string; entered: number; in_progress: number }>(
      `SELECT flow, count(*) AS entered, count(*) FILTER (WHERE f.ended_at IS NULL AND f.last_event_at >= $${params.length + 1}) AS in_progress
       FROM conversation_facts f, unnest(f.flows) AS flow
       WHERE ${cohort} AND f.flows && $1::text[] AND flow = ANY($1::text[])
       GROUP BY flow`,
      [...params, settledBefore],
    ),
  ]);
  return flows.map((flow) => {
    const entry = entries.find((e) => e.flow === flow);
    const ordered = steps.filter((s) => s.flow === flow).sort((a, b) => Number(a.final) - Number(b.final) || a.avg_rank - b.avg_rank || b.reached - a.reached);
    const entered = entry?.entered ?? 0;
    return {
      flow,
      entered,
      inProgress: entry?.in_progress ?? 0,
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
