import type { Queryable } from '../../db/database.ts';
import type { CohortFilter } from '../../metrics/cohort.ts';
import { formatCount, formatShare } from '../../metrics/format.ts';
import { biggestDropOff, flowsInWindow, queryFunnels } from '../../metrics/funnel.ts';
import type { FunnelStep } from '../../metrics/funnel.ts';
import type { Interval } from '../../time/windows.ts';

export interface WorstDropOff {
  flow: string;
  step: FunnelStep;
  /** Conversations at the step before (those that could have reached it). */
  before: number;
}

/** Flows looked at: the busiest few are where a drop-off matters. */
const flowsConsidered = 5;

/** Across the busiest flows of the period, the step before which the most conversations were lost. */
export async function worstDropOff(db: Queryable, interval: Interval, filter: CohortFilter, settledBefore: Date): Promise<WorstDropOff | undefined> {
  const flows = await flowsInWindow(db, interval, filter, flowsConsidered);
  let worst: WorstDropOff | undefined;
  for (const funnel of await queryFunnels(db, interval, filter, flows.map((f) => f.flow), settledBefore)) {
    const step = biggestDropOff(funnel.steps);
    if (step !== undefined && (worst === undefined || step.dropOff > worst.step.dropOff)) worst = { flow: funnel.flow, step, before: step.reached + step.dropOff };
  }
  return worst;
}

/** "Worst drop-off: flow checkout lost 412 of 1,030 conversations (40 %) before "payment"." */
export function describeDropOff(worst: WorstDropOff): string {
  const share = worst.before > 0 ? ` (${formatShare(worst.step.dropOff / worst.before)})` : '';
  return `Worst drop-off: flow "${worst.flow}" lost ${formatCount(worst.step.dropOff)} of ${formatCount(worst.before)} conversations${share} before "${worst.step.step}".`;
}
