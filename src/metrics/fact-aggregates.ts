import type { Queryable } from '../db/database.ts';
import type { Bucket, Interval } from '../time/windows.ts';
import { aggregateSelect, aggregateNames, emptyAggregates } from './aggregates.ts';
import type { Aggregates } from './aggregates.ts';
import { dimensionColumn, filterConditions } from './cohort.ts';
import type { CohortFilter, Dimension } from './cohort.ts';
import { sqlParameters } from '../db/sql-parameters.ts';

export interface AggregateQuery {
  filter: CohortFilter;
  current: Interval;
  previous?: Interval;
  /** Break the cohort down by time bucket (in `timeZone`) or by a dimension. */
  groupBy?: Bucket | Dimension;
  /**
   * Or by several dimensions at once: one group per combination of their values, named by the
   * values as a JSON array (`["support-bot","3.2.0","web"]`, null where a conversation has none).
   */
  groupByEach?: readonly Dimension[];
  timeZone: string;
  /** The clock, and the idle timeout after which a conversation counts as settled. */
  now: Date;
  idleMinutes: number;
  /** Also count distinct users (costlier, and not possible from rollups). */
  users?: boolean;
}

export type Period = 'current' | 'previous';

export interface AggregateRow {
  period: Period;
  /** The bucket start (ISO) or the dimension value (null when the conversation has none). */
  group: string | null;
  aggregates: Aggregates;
}

/** The plain way: one pass over `conversation_facts` (also the reference the rollups are tested against). */
export function queryFactAggregates(db: Queryable, q: AggregateQuery): Promise<AggregateRow[]> {
  const ranges: { period: Period; interval: Interval }[] = [{ period: 'current', interval: q.current }];
  if (q.previous) ranges.push({ period: 'previous', interval: q.previous });
  return queryFactRanges(db, q, ranges);
}

/** Facts aggregates over any set of ranges, each labelled with the period it counts toward. */
export async function queryFactRanges(
  db: Queryable,
  q: AggregateQuery,
  ranges: readonly { period: Period; interval: Interval }[],
  options: { settled?: string; extraCondition?: string } = {},
): Promise<AggregateRow[]> {
  if (ranges.length === 0) return [];
  const { params, p } = sqlParameters([new Date(q.now.getTime() - q.idleMinutes * 60_000)]);
  const inRange = ranges.map((r) => ({ period: r.period, sql: `(f.started_at >= ${p(r.interval.start)} AND f.started_at < ${p(r.interval.end)})` }));
  const lo = new Date(Math.min(...ranges.map((r) => r.interval.start.getTime())));
  const hi = new Date(Math.max(...ranges.map((r) => r.interval.end.getTime())));
  const period = `CASE ${inRange.map((r) => `WHEN ${r.sql} THEN '${r.period}'`).join(' ')} END`;
  const group = groupExpression(q, p, 'f.started_at', dimensionColumn);
  const where = [`f.started_at >= ${p(lo)} AND f.started_at < ${p(hi)}`, `(${inRange.map((r) => r.sql).join(' OR ')})`, ...filterConditions(q.filter, params), options.extraCondition]
    .filter(Boolean)
    .join('\n  AND ');
  const sql = `
SELECT ${period} AS period, ${group} AS grp,
  ${aggregateSelect({ users: q.users === true, ...(options.settled ? { settled: options.settled } : {}) })}
FROM conversation_facts f
WHERE ${where}
GROUP BY 1, 2`;
  const rows = await db.query<Record<string, unknown>>(sql.replaceAll('$idle', '$1'), params);
  return rows.map((row) => toAggregateRow(row, q.users === true));
}

/** SQL for the group of a row: a time bucket start in the zone, a dimension, or nothing. */
export function groupExpression(q: AggregateQuery, p: (value: unknown) => string, timeColumn: string, dimensions: Record<Dimension, string>): string {
  if (q.groupByEach !== undefined) return `jsonb_build_array(${q.groupByEach.map((d) => dimensions[d]).join(', ')})::text`;
  if (q.groupBy === 'hour' || q.groupBy === 'day' || q.groupBy === 'week') return `date_trunc('${q.groupBy}', ${timeColumn}, ${p(q.timeZone)})`;
  if (q.groupBy !== undefined) return dimensions[q.groupBy];
  return 'NULL::text';
}

export function toAggregateRow(row: Record<string, unknown>, users: boolean): AggregateRow {
  const aggregates = emptyAggregates();
  for (const name of aggregateNames) aggregates[name] = Number(row[name] ?? 0);
  if (users) aggregates.users = Number(row.users ?? 0);
  const grp = row.grp;
  return { period: row.period as Period, group: grp instanceof Date ? grp.toISOString() : typeof grp === 'string' ? grp : null, aggregates };
}

/** Adds aggregates of several rows together (distinct users are not additive and are left out). */
export function sumAggregates(rows: readonly Aggregates[]): Aggregates {
  const total = emptyAggregates();
  for (const row of rows) for (const name of aggregateNames) total[name] += row[name];
  return total;
}
