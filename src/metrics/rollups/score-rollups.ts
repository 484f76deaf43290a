import { rollupDeltaUpsertSql } from './delta-upsert-sql.ts';
import { rollupKey, rollupKeyColumns } from './rollup-columns.ts';

/**
 * `conversation_facts.scores` of the conversation `t`: one entry per score name and label ('' =
 * none given) among its `score` events, with that pair's sums (NULL without scores; migration 0015).
 * Sums of numbers stay `numeric`, so rollups add up to exactly what a recompute from the events gives.
 */
export const scoresFactSql = `(
    SELECT jsonb_agg(jsonb_build_object('name', s.name, 'label', s.label, 'scores', s.scores, 'value_count', s.value_count,
        'value_sum', s.value_sum, 'value_sq_sum', s.value_sq_sum) ORDER BY s.name, s.label)
    FROM (
      SELECT e.score_name AS name, coalesce(e.score_label, '') AS label, count(*) AS scores, count(e.value) AS value_count,
        coalesce(sum(e.value), 0) AS value_sum, coalesce(sum(e.value * e.value), 0) AS value_sq_sum
      FROM events e
      WHERE e.bot_id = t.bot_id AND e.conversation_id = t.conversation_id AND e.type = 'score'
      GROUP BY 1, 2
    ) s
  )`;

/** `jsonb_to_recordset` column list for an entry of `scores`, aliased `s`. */
export const scoreRecord = `jsonb_to_recordset(f.scores) AS s(name text, label text, scores bigint, value_count bigint, value_sum numeric, value_sq_sum numeric)`;

/** The sums a score rollup row keeps, as aggregates over `conversation_facts f` joined with its entries `s`. */
export const scoreExpressions = {
  scores: 'coalesce(sum(s.scores), 0)',
  value_count: 'coalesce(sum(s.value_count), 0)',
  value_sum: 'coalesce(sum(s.value_sum), 0)',
  value_sq_sum: 'coalesce(sum(s.value_sq_sum), 0)',
} as const;

export type ScoreSum = keyof typeof scoreExpressions;
export const scoreSumNames = Object.keys(scoreExpressions) as ScoreSum[];

const keyColumns = [...rollupKeyColumns, 'name', 'label'] as const;

/** SQL adding what conversations contribute to `score_rollups` (see {@link rollupDeltaUpsertSql}). */
export function scoreRollupDeltaSql(newRows: string, oldRows: string): string {
  return rollupDeltaUpsertSql(
    {
      table: 'score_rollups',
      keyColumns,
      sumColumns: scoreSumNames,
      contributions: (source, sign) => `SELECT ${rollupKeyColumns.map((k) => `${rollupKey[k]} AS ${k}`).join(', ')}, s.name, s.label,
       ${scoreSumNames.map((n) => `${sign} * ${scoreExpressions[n]} AS ${n}`).join(',\n       ')}
     FROM ${source} f CROSS JOIN LATERAL ${scoreRecord}
     WHERE f.scores IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    },
    newRows,
    oldRows,
  );
}
