import { callCostSql, eventPriceJoinSql } from '../../llm/price-sql.ts';
import type { AggregateName } from '../aggregates.ts';
import { rollupDeltaUpsertSql } from './delta-upsert-sql.ts';
import { rollupKey, rollupKeyColumns } from './rollup-columns.ts';

/** The dimensions the LLM metrics break down by besides the conversation's own (migration 0013). */
export type LlmDimension = 'model' | 'provider';
export const llmDimensions: readonly LlmDimension[] = ['model', 'provider'];

/**
 * `conversation_facts.llm_groups` of the conversation `t`: one entry per model and one per provider
 * ('' = none given) it called, with that group's sums (NULL without model calls). Calls are priced
 * as the conversation's own cost is.
 */
export const llmGroupsFactSql = `(
    SELECT jsonb_agg(jsonb_build_object('dimension', g.dimension, 'value', g.value, 'calls', g.calls, 'errors', g.errors,
        'input_tokens', g.input_tokens, 'output_tokens', g.output_tokens, 'cached_input_tokens', g.cached_input_tokens,
        'latency_sum', g.latency_sum, 'latency_count', g.latency_count, 'cost_usd', g.cost_usd, 'unpriced_calls', g.unpriced_calls)
      ORDER BY g.dimension, g.value)
    FROM (
      SELECT k.dimension, k.value, count(*) AS calls, count(*) FILTER (WHERE c.error IS NOT NULL) AS errors,
        coalesce(sum(c.input_tokens), 0) AS input_tokens, coalesce(sum(c.output_tokens), 0) AS output_tokens,
        coalesce(sum(c.cached_input_tokens), 0) AS cached_input_tokens, coalesce(sum(c.latency_ms), 0) AS latency_sum,
        count(c.latency_ms) AS latency_count, coalesce(sum(c.call_cost), 0) AS cost_usd, count(*) FILTER (WHERE c.call_cost IS NULL) AS unpriced_calls
      FROM (
        SELECT e.*, ${callCostSql('price')} AS call_cost
        FROM events e
        ${eventPriceJoinSql('price')}
        WHERE e.bot_id = t.bot_id AND e.conversation_id = t.conversation_id AND e.type = 'llm.call'
      ) c
      CROSS JOIN LATERAL (VALUES ('model', c.model), ('provider', coalesce(c.provider, ''))) AS k(dimension, value)
      GROUP BY k.dimension, k.value
    ) g
  )`;

/** `jsonb_to_recordset` column list for an entry of `llm_groups`, aliased `g`. */
export const llmGroupRecord = `jsonb_to_recordset(f.llm_groups) AS g(dimension text, value text, calls bigint, errors bigint, input_tokens bigint,
  output_tokens bigint, cached_input_tokens bigint, latency_sum bigint, latency_count bigint, cost_usd numeric, unpriced_calls bigint)`;

const count = (condition: string) => `count(*) FILTER (WHERE ${condition})`;
const sum = (expression: string, condition?: string) => `coalesce(sum(${expression})${condition ? ` FILTER (WHERE ${condition})` : ''}, 0)`;

/**
 * The aggregates a model (or provider) group has, over `conversation_facts f` joined with its entry
 * `g`: the conversations that called it, and only its calls. Every other aggregate is 0 in a group,
 * so only the metrics made of these (`groupsByModel` in the catalog) are offered by:model.
 */
export const llmGroupExpressions = {
  conversations: 'count(*)',
  llm_conversations: 'count(*)',
  resolved: count('f.resolved_at IS NOT NULL'),
  handed_off: count('f.handed_off_at IS NOT NULL'),
  llm_calls: sum('g.calls'),
  llm_errors: sum('g.errors'),
  llm_input_tokens: sum('g.input_tokens'),
  llm_output_tokens: sum('g.output_tokens'),
  llm_cached_input_tokens: sum('g.cached_input_tokens'),
  llm_latency_sum: sum('g.latency_sum'),
  llm_latency_count: sum('g.latency_count'),
  llm_cost_usd: sum('g.cost_usd'),
  llm_unpriced_calls: sum('g.unpriced_calls'),
  llm_cost_handed_off: sum('g.cost_usd', 'f.handed_off_at IS NOT NULL'),
} satisfies Partial<Record<AggregateName, string>>;

export type LlmGroupAggregate = keyof typeof llmGroupExpressions;
export const llmGroupAggregateNames = Object.keys(llmGroupExpressions) as LlmGroupAggregate[];

const keyColumns = [...rollupKeyColumns, 'dimension', 'value'] as const;

/** SQL adding what conversations contribute to `llm_group_rollups` (see {@link rollupDeltaUpsertSql}). */
export function llmGroupRollupDeltaSql(newRows: string, oldRows: string): string {
  return rollupDeltaUpsertSql(
    {
      table: 'llm_group_rollups',
      keyColumns,
      sumColumns: llmGroupAggregateNames,
      contributions: (source, sign) => `SELECT ${rollupKeyColumns.map((k) => `${rollupKey[k]} AS ${k}`).join(', ')}, g.dimension, g.value,
       ${llmGroupAggregateNames.map((n) => `${sign} * ${llmGroupExpressions[n]} AS ${n}`).join(',\n       ')}
     FROM ${source} f CROSS JOIN LATERAL ${llmGroupRecord}
     WHERE f.llm_groups IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    },
    newRows,
    oldRows,
  );
}

