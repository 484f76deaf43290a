import type { Queryable } from '../../db/database.ts';
import { zoneOffsetMs } from '../../time/zoned.ts';
import type { Interval } from '../../time/windows.ts';
import { aggregateNames, emptyAggregates } from '../aggregates.ts';
import { rollupFilterColumns } from './rollup-columns.ts';
import { dimensionConditions } from '../cohort.ts';
import type { Dimension } from '../cohort.ts';
import type { AggregateQuery, AggregateRow, Period } from '../fact-aggregates.ts';
import { groupExpression, queryFactRanges, toAggregateRow } from '../fact-aggregates.ts';
import { sqlParameters } from '../../db/sql-parameters.ts';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * Rollups are hourly (UTC) and know nothing of flows or users, so they answer only when the
 * zone's local hours are UTC hours throughout the windows (true of all but a few zones, such as
 * Asia/Kolkata) and there is no flow filter and no distinct-user count.
 */
export function rollupsCanAnswer(q: AggregateQuery): boolean {
  if (q.users === true || q.filter.flows.length > 0) return false;
  for (const interval of [q.current, q.previous]) {
    if (interval === undefined) continue;
    for (let t = interval.start.getTime(); t < interval.end.getTime() + dayMs; t += dayMs) {
      if (zoneOffsetMs(Math.min(t, interval.end.getTime()), q.timeZone) % hourMs !== 0) return false;
    }
  }
  return true;
}

/** Splits an interval into whole UTC hours (from rollups) and the partial hours at its ends (from facts). */
export function splitOnHours(interval: Interval): { hours?: Interval; edges: Interval[] } {
  const first = Math.ceil(interval.start.getTime() / hourMs) * hourMs;
  const last = Math.floor(interval.end.getTime() / hourMs) * hourMs;
  if (first >= last) return { edges: [interval] };
  const edges: Interval[] = [];
  if (interval.start.getTime() < first) edges.push({ start: interval.start, end: new Date(first) });
  if (last < interval.end.getTime()) edges.push({ start: new Date(last), end: interval.end });
  return { hours: { start: new Date(first), end: new Date(last) }, edges };
}

const rollupDimensions: Record<Dimension, string> = {
  channel: `nullif(r.channel, '')`,
  version: `nullif(r.bot_version, '')`,
  intent: `nullif(r.first_intent, '')`,
  bot: 'r.bot_id',
};

/**
 * The same rows as the facts query, from rollups: whole hours come from `fact_rollups`, partial
 * hours at the window ends from the facts, and conversations not yet settled (open and active
 * within the idle timeout) are corrected, since rollups count every conversation as settled.
 */
export async function queryRollupAggregates(db: Queryable, q: AggregateQuery): Promise<AggregateRow[]> {
  const periods: { period: Period; interval: Interval }[] = [{ period: 'current', interval: q.current }];
  if (q.previous) periods.push({ period: 'previous', interval: q.previous });
  const split = periods.map((p) => ({ period: p.period, ...splitOnHours(p.interval) }));
  const hourRanges = split.flatMap((s) => (s.hours ? [{ period: s.period, interval: s.hours }] : []));
  const edgeRanges = split.flatMap((s) => s.edges.map((interval) => ({ period: s.period, interval })));

  const [fromRollups, fromEdges, stillOpen, assumedSettled] = await Promise.all([
    queryHourRollups(db, q, hourRanges),
    queryFactRanges(db, q, edgeRanges),
    // Conversations in the rolled-up hours that are not settled now: as they truly are…
    queryFactRanges(db, q, hourRanges, { settled: 'false', extraCondition: openCondition }),
    // …and as the rollups counted them.
    queryFactRanges(db, q, hourRanges, { settled: 'true', extraCondition: openCondition }),
  ]);
  const merged = new Map<string, AggregateRow>();
  const add = (rows: AggregateRow[], sign: 1 | -1) => {
    for (const row of rows) {
      const key = `${row.period}\u0000${row.group ?? '\u0001'}`;
      let target = merged.get(key);
      if (target === undefined) {
        target = { period: row.period, group: row.group, aggregates: emptyAggregates() };
        merged.set(key, target);
      }
      for (const name of aggregateNames) target.aggregates[name] += sign * row.aggregates[name];
    }
  };
  add(fromRollups, 1);
  add(fromEdges, 1);
  add(stillOpen, 1);
  add(assumedSettled, -1);
  // Groups left with no conversations are not groups at all (the facts query would not return them).
  return [...merged.values()].filter((row) => row.aggregates.conversations !== 0);
}

/** Open = not ended and active within the idle timeout: exactly the conversations not yet settled. */
const openCondition = 'f.ended_at IS NULL AND f.last_event_at >= $idle';

async function queryHourRollups(db: Queryable, q: AggregateQuery, ranges: { period: Period; interval: Interval }[]): Promise<AggregateRow[]> {
  if (ranges.length === 0) return [];
  const { params, p } = sqlParameters();
  const inRange = ranges.map((r) => ({ period: r.period, sql: `(r.hour >= ${p(r.interval.start)} AND r.hour < ${p(r.interval.end)})` }));
  const conditions = [
    `(${inRange.map((r) => r.sql).join(' OR ')})`,
    ...dimensionConditions(rollupFilterColumns, q.filter, params),
  ];
  const group = groupExpression(q, p, 'r.hour', rollupDimensions);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT CASE ${inRange.map((r) => `WHEN ${r.sql} THEN '${r.period}'`).join(' ')} END AS period, ${group} AS grp,
       ${aggregateNames.map((n) => `sum(r.${n}) AS ${n}`).join(', ')}
     FROM fact_rollups r
     WHERE ${conditions.join(' AND ')}
     GROUP BY 1, 2`,
    params,
  );
  return rows.map((row) => toAggregateRow(row, false));
}
