import type { Queryable } from '../db/database.ts';
import type { Interval } from '../time/windows.ts';
import { dimensionConditions, filterConditions } from './cohort.ts';
import type { CohortFilter } from './cohort.ts';
import { rollupFilterColumns } from './rollups/rollup-columns.ts';
import { splitOnHours } from './rollups/query-rollups.ts';
import { scoreExpressions, scoreRecord, scoreSumNames } from './rollups/score-rollups.ts';
import { sqlParameters } from '../db/sql-parameters.ts';

/** What one score name adds up to over a cohort: its scores, the numbers among them, and its labels. */
export interface ScoreSums {
  name: string;
  scores: number;
  valueCount: number;
  valueSum: number;
  valueSqSum: number;
  /** Scores per label ('' = none given), most used first. */
  labels: { label: string; count: number }[];
}

/**
 * The sums of every score name (or of `name` only, matched case-insensitively) over the
 * conversations that started in `interval` — the cohort every metric uses. Whole UTC hours come from
 * `score_rollups`, partial hours (and any flow: filter, which rollups do not know) from the facts.
 */
export async function queryScoreSums(db: Queryable, interval: Interval, filter: CohortFilter, name?: string): Promise<ScoreSums[]> {
  const split = filter.flows.length > 0 ? { edges: [interval] } : splitOnHours(interval);
  const [fromRollups, fromFacts] = await Promise.all([
    split.hours ? rollupRows(db, split.hours, filter, name) : Promise.resolve([]),
    split.edges.length > 0 ? factRows(db, split.edges, filter, name) : Promise.resolve([]),
  ]);
  const byName = new Map<string, ScoreSums & { byLabel: Map<string, number> }>();
  for (const row of [...fromRollups, ...fromFacts]) {
    let sums = byName.get(row.name);
    if (sums === undefined) {
      sums = { name: row.name, scores: 0, valueCount: 0, valueSum: 0, valueSqSum: 0, labels: [], byLabel: new Map() };
      byName.set(row.name, sums);
    }
    sums.scores += Number(row.scores);
    sums.valueCount += Number(row.value_count);
    sums.valueSum += Number(row.value_sum);
    sums.valueSqSum += Number(row.value_sq_sum);
    sums.byLabel.set(row.label, (sums.byLabel.get(row.label) ?? 0) + Number(row.scores));
  }
  return [...byName.values()]
    .filter((s) => s.scores > 0)
    .map(({ byLabel, ...s }) => ({ ...s, labels: [...byLabel].filter(([, n]) => n > 0).map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1)) }))
    .sort((a, b) => b.scores - a.scores || (a.name < b.name ? -1 : 1));
}

type SumRow = { name: string; label: string } & Record<(typeof scoreSumNames)[number], string | number>;

async function rollupRows(db: Queryable, hours: Interval, filter: CohortFilter, name: string | undefined): Promise<SumRow[]> {
  const { params, p } = sqlParameters();
  const conditions = [`r.hour >= ${p(hours.start)}`, `r.hour < ${p(hours.end)}`, ...dimensionConditions(rollupFilterColumns, filter, params)];
  if (name !== undefined) conditions.push(`lower(r.name) = lower(${p(name)})`);
  return db.query<SumRow>(
    `SELECT r.name, r.label, ${scoreSumNames.map((n) => `sum(r.${n}) AS ${n}`).join(', ')}
     FROM score_rollups r WHERE ${conditions.join(' AND ')} GROUP BY 1, 2`,
    params,
  );
}

async function factRows(db: Queryable, ranges: readonly Interval[], filter: CohortFilter, name: string | undefined): Promise<SumRow[]> {
  const { params, p } = sqlParameters();
  const inRange = ranges.map((r) => `(f.started_at >= ${p(r.start)} AND f.started_at < ${p(r.end)})`);
  const conditions = ['f.scores IS NOT NULL', `(${inRange.join(' OR ')})`, ...filterConditions(filter, params)];
  if (name !== undefined) conditions.push(`lower(s.name) = lower(${p(name)})`);
  return db.query<SumRow>(
    `SELECT s.name, s.label, ${scoreSumNames.map((n) => `${scoreExpressions[n]} AS ${n}`).join(', ')}
     FROM conversation_facts f CROSS JOIN LATERAL ${scoreRecord}
     WHERE ${conditions.join(' AND ')} GROUP BY 1, 2`,
    params,
  );
}
