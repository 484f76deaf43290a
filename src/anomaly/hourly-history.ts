import type { Queryable } from '../db/database.ts';
import { aggregateNames, emptyAggregates } from '../metrics/aggregates.ts';
import type { Aggregates } from '../metrics/aggregates.ts';
import { dimensionConditions } from '../metrics/cohort.ts';
import type { CohortFilter } from '../metrics/cohort.ts';
import { rollupFilterColumns } from '../metrics/rollups/rollup-columns.ts';
import type { Interval } from '../time/windows.ts';

/** Hourly sums keyed by UTC hour start (ms), per bot id. */
export type HourlyByBot = Map<string, Map<number, Aggregates>>;

/**
 * The hourly rollup sums of the filter's conversations over `interval`, per bot and UTC hour: what
 * baselines are made from (the hours are weeks old, so every conversation in them has settled).
 */
export async function queryHourlyAggregates(db: Queryable, filter: Omit<CohortFilter, 'flows'>, interval: Interval): Promise<HourlyByBot> {
  const params: unknown[] = [interval.start, interval.end];
  const conditions = ['r.hour >= $1', 'r.hour < $2', ...dimensionConditions(rollupFilterColumns, { ...filter, flows: [] }, params)];
  const rows = await db.query<Record<string, unknown>>(
    `SELECT r.bot_id, r.hour, ${aggregateNames.map((n) => `sum(r.${n}) AS ${n}`).join(', ')}
     FROM fact_rollups r WHERE ${conditions.join(' AND ')}
     GROUP BY r.bot_id, r.hour`,
    params,
  );
  const byBot: HourlyByBot = new Map();
  for (const row of rows) {
    const bot = String(row.bot_id);
    let hours = byBot.get(bot);
    if (hours === undefined) byBot.set(bot, (hours = new Map<number, Aggregates>()));
    const aggregates = emptyAggregates();
    for (const name of aggregateNames) aggregates[name] = Number(row[name] ?? 0);
    hours.set(new Date(row.hour as string | Date).getTime(), aggregates);
  }
  return byBot;
}

const merged = new WeakMap<HourlyByBot, Map<number, Aggregates>>();

/** Several bots' hours added together (a rule over all bots); computed once per loaded history. */
export function mergeBots(byBot: HourlyByBot): Map<number, Aggregates> {
  const known = merged.get(byBot);
  if (known !== undefined) return known;
  const total = new Map<number, Aggregates>();
  for (const hours of byBot.values()) {
    for (const [hour, row] of hours) {
      const target = total.get(hour) ?? emptyAggregates();
      for (const name of aggregateNames) target[name] += row[name];
      total.set(hour, target);
    }
  }
  merged.set(byBot, total);
  return total;
}
