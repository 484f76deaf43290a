import { aggregateExpressions, aggregateNames } from '../aggregates.ts';

/** The grouping key of `fact_rollups`, as expressions over `conversation_facts f` ('' = none). */
export const rollupKey = {
  bot_id: 'f.bot_id',
  hour: `date_trunc('hour', f.started_at, 'UTC')`,
  bot_version: `coalesce(f.bot_version, '')`,
  channel: `coalesce(f.channel, '')`,
  first_intent: `coalesce(f.first_intent, '')`,
} as const;

export const rollupKeyColumns = Object.keys(rollupKey) as (keyof typeof rollupKey)[];

/** Where a filter's dimensions are in a rollup table aliased `r` (for dimensionConditions). */
export const rollupFilterColumns = { bots: 'r.bot_id', versions: 'r.bot_version', channels: 'r.channel', intents: 'r.first_intent' } as const;

/** Contributions as stored: every conversation counted as settled (queries correct the rest). */
const stored = aggregateExpressions('true');

/**
 * SQL adding what conversations contribute to `fact_rollups`: rows of `newRows` are added, rows
 * of `oldRows` (their previous facts) subtracted, in key order (so concurrent batches never deadlock).
 */
export function rollupDeltaSql(newRows: string, oldRows: string): string {
  const contributions = (source: string, sign: number) =>
    `SELECT ${rollupKeyColumns.map((k) => `${rollupKey[k]} AS ${k}`).join(', ')},
       ${aggregateNames.map((n) => `${sign} * ${stored[n]} AS ${n}`).join(',\n       ')}
     FROM ${source} f GROUP BY 1, 2, 3, 4, 5`;
  return `INSERT INTO fact_rollups (${rollupKeyColumns.join(', ')}, ${aggregateNames.join(', ')})
SELECT ${rollupKeyColumns.join(', ')}, ${aggregateNames.map((n) => `sum(${n})`).join(', ')}
FROM (
  ${contributions(newRows, 1)}
  UNION ALL
  ${contributions(oldRows, -1)}
) delta
GROUP BY ${rollupKeyColumns.join(', ')}
ORDER BY ${rollupKeyColumns.join(', ')}
ON CONFLICT (${rollupKeyColumns.join(', ')}) DO UPDATE SET
  ${aggregateNames.map((n) => `${n} = fact_rollups.${n} + excluded.${n}`).join(',\n  ')}`;
}
