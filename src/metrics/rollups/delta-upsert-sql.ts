/** How a rollup table is kept current: its key, the sums it keeps, and what one conversation contributes. */
export interface RollupDelta {
  table: string;
  keyColumns: readonly string[];
  sumColumns: readonly string[];
  /** Rows of key and sum columns for the conversations in `source`, each sum multiplied by `sign`. */
  contributions: (source: string, sign: 1 | -1) => string;
  /** Leave out keys whose sums all come to 0 (nothing to add). */
  skipZeroSums?: boolean;
}

/**
 * SQL adding what conversations contribute to a rollup table: rows of `newRows` added, rows of
 * `oldRows` (their previous facts) subtracted, in key order (so concurrent batches never deadlock),
 * each key's sums added to what the table already holds.
 */
export function rollupDeltaUpsertSql(rollup: RollupDelta, newRows: string, oldRows: string): string {
  const { table, sumColumns } = rollup;
  const keys = rollup.keyColumns.join(', ');
  const having = rollup.skipZeroSums ? `\nHAVING ${sumColumns.map((n) => `sum(${n}) <> 0`).join(' OR ')}` : '';
  return `INSERT INTO ${table} (${keys}, ${sumColumns.join(', ')})
SELECT ${keys}, ${sumColumns.map((n) => `sum(${n})`).join(', ')}
FROM (
  ${rollup.contributions(newRows, 1)}
  UNION ALL
  ${rollup.contributions(oldRows, -1)}
) delta
GROUP BY ${keys}${having}
ORDER BY ${keys}
ON CONFLICT (${keys}) DO UPDATE SET
  ${sumColumns.map((n) => `${n} = ${table}.${n} + excluded.${n}`).join(',\n  ')}`;
}
