import { aggregateExpressions, aggregateNames } from '../aggregates.ts';
import { rollupDeltaUpsertSql } from './delta-upsert-sql.ts';

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

/** SQL adding what conversations contribute to `fact_rollups` (see {@link rollupDeltaUpsertSql}). */
export function rollupDeltaSql(newRows: string, oldRows: string): string {
  return rollupDeltaUpsertSql(
    {
      table: 'fact_rollups',
      keyColumns: rollupKeyColumns,
      sumColumns: aggregateNames,
      contributions: (source, sign) => `SELECT ${rollupKeyColumns.map((k) => `${rollupKey[k]} AS ${k}`).join(', ')},
       ${aggregateNames.map((n) => `${sign} * ${stored[n]} AS ${n}`).join(',\n       ')}
     FROM ${source} f GROUP BY 1, 2, 3, 4, 5`,
    },
    newRows,
    oldRows,
  );
}

