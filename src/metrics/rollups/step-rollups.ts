import type { Queryable } from '../../db/database.ts';
import type { Interval } from '../../time/windows.ts';
import { dimensionConditions } from '../cohort.ts';
import type { CohortFilter } from '../cohort.ts';
import { rollupDeltaUpsertSql } from './delta-upsert-sql.ts';
import { rollupFilterColumns, rollupKey, rollupKeyColumns } from './rollup-columns.ts';

/**
 * `step_rollups` (migration 0009): per rollup key (bot, UTC hour, version, channel, first intent),
 * flow and step — how many conversations reached the step, the sum of its position in them, and
 * how many marked it final. The row with step '' counts the conversations that entered the flow.
 */
const stepKeyColumns = [...rollupKeyColumns, 'flow', 'step'] as const;

/** What one conversation (`f`, a conversation_facts row) contributes, one row per step and per flow entered. */
function contributions(source: string, sign: 1 | -1): string {
  const key = rollupKeyColumns.map((k) => `${rollupKey[k]} AS ${k}`).join(', ');
  return `SELECT ${key}, s.elem->>0 AS flow, s.elem->>1 AS step,
       ${sign} AS reached, ${sign} * (s.elem->>4)::bigint AS rank_sum, CASE WHEN (s.elem->>3)::boolean THEN ${sign} ELSE 0 END AS finals
     FROM ${source} f, jsonb_array_elements(f.steps) AS s(elem)
     WHERE f.steps IS NOT NULL
     UNION ALL
     SELECT ${key}, flow, '' AS step, ${sign}, 0, 0
     FROM ${source} f, unnest(f.flows) AS flow`;
}

/** SQL adding what conversations contribute to `step_rollups` (see {@link rollupDeltaUpsertSql}). */
export function stepRollupDeltaSql(newRows: string, oldRows: string): string {
  return rollupDeltaUpsertSql({ table: 'step_rollups', keyColumns: stepKeyColumns, sumColumns: ['reached', 'rank_sum', 'finals'], contributions, skipZeroSums: true }, newRows, oldRows);
}


/** Per flow and step ('' = entered the flow): the sums a funnel is made of. */
export interface StepSums {
  flow: string;
  step: string;
  reached: number;
  rankSum: number;
  finals: number;
}

/** The step sums of conversations that started in the whole UTC hours of `hours`, from the rollups. */
export async function queryStepRollups(db: Queryable, hours: Interval, filter: CohortFilter, flows: readonly string[]): Promise<StepSums[]> {
  const params: unknown[] = [hours.start, hours.end, flows];
  const conditions = [
    'r.hour >= $1 AND r.hour < $2',
    'r.flow = ANY($3::text[])',
    ...dimensionConditions(rollupFilterColumns, filter, params),
  ];
  const rows = await db.query<{ flow: string; step: string; reached: number; rank_sum: number; finals: number }>(
    `SELECT r.flow, r.step, sum(r.reached)::float8 AS reached, sum(r.rank_sum)::float8 AS rank_sum, sum(r.finals)::float8 AS finals
     FROM step_rollups r WHERE ${conditions.join(' AND ')}
     GROUP BY r.flow, r.step`,
    params,
  );
  return rows.map((r) => ({ flow: r.flow, step: r.step, reached: r.reached, rankSum: r.rank_sum, finals: r.finals }));
}

/** The flows conversations entered in the whole UTC hours of `hours`, with how many, from the rollups. */
export async function queryFlowRollups(db: Queryable, hours: Interval, filter: CohortFilter): Promise<{ flow: string; n: number }[]> {
  const params: unknown[] = [hours.start, hours.end];
  const conditions = [
    'r.hour >= $1 AND r.hour < $2',
    `r.step = ''`,
    ...dimensionConditions(rollupFilterColumns, filter, params),
  ];
  return db.query<{ flow: string; n: number }>(
    `SELECT r.flow, sum(r.reached)::float8 AS n FROM step_rollups r WHERE ${conditions.join(' AND ')} GROUP BY r.flow`,
    params,
  );
}
