import type { Queryable } from '../db/database.ts';
import type { Aggregates } from '../metrics/aggregates.ts';
import type { CohortFilter } from '../metrics/cohort.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import type { Interval } from '../time/windows.ts';

/**
 * Many alert rules watch the same bot over the same window and differ only in a channel or version
 * filter (and in the metric, which the same aggregates answer). Rather than one query per filter,
 * a cycle reads the window once per bot, broken down by version and channel, and each rule sums
 * the cells its filter selects: aggregates are sums, so the total is the filtered query's.
 */
export interface AggregateCell {
  version: string | null;
  channel: string | null;
  aggregates: Aggregates;
}

/**
 * Whether cells answer this filter: bots, versions and channels only (the cells are not broken down
 * by intent or flow), and no empty value (rollups keep an empty version or channel as "none").
 */
export function cellsAnswer(filter: CohortFilter): boolean {
  return filter.intents.length === 0 && filter.flows.length === 0 && [...filter.bots, ...filter.versions, ...filter.channels].every((v) => v !== '');
}

/** The window's aggregates for `bots` (all bots when empty), one cell per version and channel. */
export async function queryAggregateCells(db: Queryable, bots: readonly string[], window: Interval, clock: { now: Date; idleMinutes: number }): Promise<AggregateCell[]> {
  const rows = await queryAggregates(db, {
    filter: { bots: [...bots], versions: [], channels: [], intents: [], flows: [] },
    current: window,
    groupByEach: ['version', 'channel'],
    // Rolling windows are absolute instants; in UTC the hourly rollups answer their whole hours.
    timeZone: 'UTC',
    now: clock.now,
    idleMinutes: clock.idleMinutes,
  });
  return rows
    .filter((r) => r.period === 'current')
    .map((r) => {
      const [version, channel] = JSON.parse(r.group ?? '[null, null]') as [string | null, string | null];
      return { version, channel, aggregates: r.aggregates };
    });
}

/** The aggregates of the conversations `filter` selects among the cells (of its bots). */
export function sumCells(cells: readonly AggregateCell[], filter: Pick<CohortFilter, 'versions' | 'channels'>): Aggregates {
  const selects = (values: readonly string[], value: string | null) => values.length === 0 || (value !== null && values.includes(value));
  return sumAggregates(cells.filter((c) => selects(filter.versions, c.version) && selects(filter.channels, c.channel)).map((c) => c.aggregates));
}
