import type { Queryable } from '../../db/database.ts';
import type { Interval } from '../../time/windows.ts';
import { cohortConditions, dimensionConditions } from '../cohort.ts';
import type { CohortFilter } from '../cohort.ts';
import type { MetricValue } from '../metric-value.ts';
import type { LlmDimension } from '../rollups/llm-group-rollups.ts';
import type { CohortQuery } from './cohort-query.ts';

type LatencyEvent = 'message.sent' | 'llm.call';

/**
 * A percentile of latencyMs over the events of one type in the window (a per-event measure, not a
 * rate, so it is taken by event time). Bot, version and channel filters apply to the events;
 * intent and flow filters, which describe conversations, restrict to the events of the
 * conversations that started in the window.
 */
export function latencyPercentile(type: LatencyEvent, fraction: number, noneReason: string): CohortQuery {
  return async (db, { interval, filter }) => {
    const [row] = await percentileRows(db, type, fraction, interval, filter, 'NULL::text');
    return toValue(row, noneReason);
  };
}

/** The same percentile of LLM calls per model or per provider (calls without a provider: group null). */
export type GroupedPercentile = (db: Queryable, cohort: { interval: Interval; filter: CohortFilter }, dimension: LlmDimension) => Promise<Map<string | null, MetricValue>>;

export function llmLatencyPercentileByGroup(fraction: number, noneReason: string): GroupedPercentile {
  return async (db, { interval, filter }, dimension) => {
    const column = dimension === 'model' ? 'e.model' : `nullif(e.provider, '')`;
    const rows = await percentileRows(db, 'llm.call', fraction, interval, filter, column);
    return new Map(rows.map((row) => [row.grp, toValue(row, noneReason)]));
  };
}

interface PercentileRow {
  grp: string | null;
  value: number | null;
  n: number;
}

function percentileRows(db: Queryable, type: LatencyEvent, fraction: number, interval: Interval, filter: CohortFilter, group: string): Promise<PercentileRow[]> {
  const params: unknown[] = [interval.start, interval.end, fraction];
  const conditions = [
    // A literal (one of two fixed types), so the planner can use the partial index on sent latencies.
    `e.type = '${type}'`,
    'e.latency_ms IS NOT NULL',
    'e.ts >= $1',
    'e.ts < $2',
    ...dimensionConditions({ bots: 'e.bot_id', versions: 'e.bot_version', channels: 'e.channel' }, filter, params),
  ];
  let from = 'events e';
  if (filter.intents.length > 0 || filter.flows.length > 0) {
    from = `events e JOIN conversation_facts f ON f.bot_id = e.bot_id AND f.conversation_id = e.conversation_id`;
    conditions.push(cohortConditions(interval, { ...filter, versions: [], channels: [] }, params));
  }
  return db.query<PercentileRow>(
    `SELECT ${group} AS grp, percentile_cont($3::float8) WITHIN GROUP (ORDER BY e.latency_ms) AS value, count(*) AS n
     FROM ${from} WHERE ${conditions.join(' AND ')} GROUP BY 1`,
    params,
  );
}

function toValue(row: PercentileRow | undefined, noneReason: string): MetricValue {
  if (!row || Number(row.n) === 0 || row.value === null) return { value: null, reason: noneReason };
  return { value: Math.round(row.value), denominator: Number(row.n) };
}
