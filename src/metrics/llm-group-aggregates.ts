import type { Queryable } from '../db/database.ts';
import type { Interval } from '../time/windows.ts';
import { emptyAggregates } from './aggregates.ts';
import { dimensionConditions, filterConditions } from './cohort.ts';
import type { AggregateQuery, AggregateRow, Period } from './fact-aggregates.ts';
import { llmGroupAggregateNames, llmGroupExpressions, llmGroupRecord } from './rollups/llm-group-rollups.ts';
import type { LlmDimension } from './rollups/llm-group-rollups.ts';
import { rollupFilterColumns } from './rollups/rollup-columns.ts';
import { rollupsCanAnswer, splitOnHours } from './rollups/query-rollups.ts';
import { sqlParameters } from '../db/sql-parameters.ts';

type Ranges = readonly { period: Period; interval: Interval }[];

/**
 * The LLM aggregates per model (or provider) for the current (and previous) window, in the same
 * cohort as every other breakdown: conversations that started in the window. A conversation counts
 * in the group of each model it called, with only that model's calls; aggregates that are not about
 * model calls stay 0. Whole UTC hours come from `llm_group_rollups`, partial hours from the facts.
 */
export async function queryLlmGroupAggregates(db: Queryable, q: Omit<AggregateQuery, 'groupBy'>, dimension: LlmDimension): Promise<AggregateRow[]> {
  const periods: { period: Period; interval: Interval }[] = [{ period: 'current', interval: q.current }];
  if (q.previous) periods.push({ period: 'previous', interval: q.previous });
  if (!rollupsCanAnswer(q)) return queryFactGroups(db, q, dimension, periods);
  const split = periods.map((p) => ({ period: p.period, ...splitOnHours(p.interval) }));
  const hours = split.flatMap((s) => (s.hours ? [{ period: s.period, interval: s.hours }] : []));
  const edges = split.flatMap((s) => s.edges.map((interval) => ({ period: s.period, interval })));
  const [fromRollups, fromEdges] = await Promise.all([queryRollupGroups(db, q, dimension, hours), queryFactGroups(db, q, dimension, edges)]);
  const merged = new Map<string, AggregateRow>();
  for (const row of [...fromRollups, ...fromEdges]) {
    const key = `${row.period}\u0000${row.group ?? '\u0001'}`;
    const target = merged.get(key);
    if (target === undefined) merged.set(key, row);
    else for (const name of llmGroupAggregateNames) target.aggregates[name] += row.aggregates[name];
  }
  return [...merged.values()].filter((row) => row.aggregates.conversations !== 0);
}

async function queryFactGroups(db: Queryable, q: Omit<AggregateQuery, 'groupBy'>, dimension: LlmDimension, ranges: Ranges): Promise<AggregateRow[]> {
  if (ranges.length === 0) return [];
  const { params, p } = sqlParameters();
  const inRange = ranges.map((r) => ({ period: r.period, sql: `(f.started_at >= ${p(r.interval.start)} AND f.started_at < ${p(r.interval.end)})` }));
  const conditions = ['f.llm_groups IS NOT NULL', `(${inRange.map((r) => r.sql).join(' OR ')})`, ...filterConditions(q.filter, params), `g.dimension = ${p(dimension)}`];
  const rows = await db.query<Record<string, unknown>>(
    `SELECT CASE ${inRange.map((r) => `WHEN ${r.sql} THEN '${r.period}'`).join(' ')} END AS period, g.value AS grp,
       ${llmGroupAggregateNames.map((n) => `${llmGroupExpressions[n]} AS ${n}`).join(',\n       ')}
     FROM conversation_facts f CROSS JOIN LATERAL ${llmGroupRecord}
     WHERE ${conditions.join('\n       AND ')}
     GROUP BY 1, 2`,
    params,
  );
  return rows.map(toGroupRow);
}

async function queryRollupGroups(db: Queryable, q: Omit<AggregateQuery, 'groupBy'>, dimension: LlmDimension, ranges: Ranges): Promise<AggregateRow[]> {
  if (ranges.length === 0) return [];
  const { params, p } = sqlParameters();
  const inRange = ranges.map((r) => ({ period: r.period, sql: `(r.hour >= ${p(r.interval.start)} AND r.hour < ${p(r.interval.end)})` }));
  const conditions = [`(${inRange.map((r) => r.sql).join(' OR ')})`, ...dimensionConditions(rollupFilterColumns, q.filter, params), `r.dimension = ${p(dimension)}`];
  const rows = await db.query<Record<string, unknown>>(
    `SELECT CASE ${inRange.map((r) => `WHEN ${r.sql} THEN '${r.period}'`).join(' ')} END AS period, r.value AS grp,
       ${llmGroupAggregateNames.map((n) => `sum(r.${n}) AS ${n}`).join(', ')}
     FROM llm_group_rollups r
     WHERE ${conditions.join(' AND ')}
     GROUP BY 1, 2`,
    params,
  );
  return rows.map(toGroupRow);
}

/** A row of either query: '' (a call without a provider) is the group "none" (null). */
function toGroupRow(row: Record<string, unknown>): AggregateRow {
  const aggregates = emptyAggregates();
  for (const name of llmGroupAggregateNames) aggregates[name] = Number(row[name] ?? 0);
  const group = typeof row.grp === 'string' && row.grp !== '' ? row.grp : null;
  return { period: row.period as Period, group, aggregates };
}
