import type { Queryable } from '../db/database.ts';
import type { Bucket, Interval } from '../time/windows.ts';
import { aggregateSelect, aggregateNames, emptyAggregates } from './aggregates.ts';
import type { Aggregates } from './aggregates.ts';
import { dimensionColumn, filterConditions } from './cohort.ts';
import type { CohortFilter, Dimension } from './cohort.ts';

export interface AggregateQuery {
  filter: CohortFilter;
  current: Interval;
  previous?: Interval;
  /** Break the cohort down by time bucket (in `timeZone`) or by a dimension. */
  groupBy?: Bucket | Dimension;
  timeZone: string;
  /** The clock, and the idle timeout after which a conversation counts as settled. */
  now: Date;
  idleMinutes: number;
  /** Also count distinct users (costlier). */
  users?: boolean;
}

export interface AggregateRow {
  period: 'current' | 'previous';
  /** The bucket start (ISO) or the dimension value (null when the conversation has none). */
  group: string | null;
  aggregates: Aggregates;
}

/**
 * One pass over `conversation_facts` for the current (and previous) window: all aggregates per
 * period and group. Conversations belong to the window their start falls in (METRICS.md §2).
 */
export async function queryAggregates(db: Queryable, q: AggregateQuery): Promise<AggregateRow[]> {
  const params: unknown[] = [new Date(q.now.getTime() - q.idleMinutes * 60_000)];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const cur = `f.started_at >= ${p(q.current.start)} AND f.started_at < ${p(q.current.end)}`;
  const prev = q.previous ? `f.started_at >= ${p(q.previous.start)} AND f.started_at < ${p(q.previous.end)}` : undefined;
  const span = prev ? `f.started_at >= ${p(new Date(Math.min(q.current.start.getTime(), q.previous!.start.getTime())))} AND f.started_at < ${p(new Date(Math.max(q.current.end.getTime(), q.previous!.end.getTime())))}` : cur;
  let group = 'NULL';
  if (q.groupBy === 'hour' || q.groupBy === 'day' || q.groupBy === 'week') group = `date_trunc('${q.groupBy}', f.started_at, ${p(q.timeZone)})`;
  else if (q.groupBy !== undefined) group = dimensionColumn[q.groupBy];
  const where = [span, prev ? `((${cur}) OR (${prev}))` : undefined, ...filterConditions(q.filter, params)].filter(Boolean).join('\n  AND ');

  const sql = `
SELECT CASE WHEN ${cur} THEN 'current' ELSE 'previous' END AS period,
  ${group} AS grp,
  ${aggregateSelect({ users: q.users === true })}
FROM conversation_facts f
WHERE ${where}
GROUP BY 1, 2`;
  const rows = await db.query<Record<string, unknown>>(sql.replaceAll('$idle', '$1'), params);
  return rows.map((row) => {
    const aggregates = emptyAggregates();
    for (const name of aggregateNames) aggregates[name] = Number(row[name] ?? 0);
    if (q.users === true) aggregates.users = Number(row.users ?? 0);
    const grp = row.grp;
    return { period: row.period as 'current' | 'previous', group: grp instanceof Date ? grp.toISOString() : typeof grp === 'string' ? grp : null, aggregates };
  });
}

/** Adds aggregates of several rows together (distinct users are not additive and are left out). */
export function sumAggregates(rows: readonly Aggregates[]): Aggregates {
  const total = emptyAggregates();
  for (const row of rows) for (const name of aggregateNames) total[name] += row[name];
  return total;
}
