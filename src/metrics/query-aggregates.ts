import type { Queryable } from '../db/database.ts';
import type { AggregateQuery, AggregateRow } from './fact-aggregates.ts';
import { queryFactAggregates } from './fact-aggregates.ts';
import { queryRollupAggregates, rollupsCanAnswer } from './rollups/query-rollups.ts';

export type { AggregateQuery, AggregateRow, Period } from './fact-aggregates.ts';
export { queryFactAggregates, sumAggregates } from './fact-aggregates.ts';

/**
 * All aggregates per period and group for the current (and previous) window. Conversations
 * belong to the window their start falls in. Answered from the hourly rollups
 * where they give the same numbers, else straight from the facts.
 */
export async function queryAggregates(db: Queryable, q: AggregateQuery): Promise<AggregateRow[]> {
  return rollupsCanAnswer(q) ? queryRollupAggregates(db, q) : queryFactAggregates(db, q);
}
