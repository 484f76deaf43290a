import type { Queryable } from '../db/database.ts';
import type { Interval } from '../time/windows.ts';

/** A period in which an alert on a metric was firing, with the window that led to it. */
export interface FiringPeriod extends Interval {
  metric: string;
  botId: string | null;
}

/**
 * When alerts (threshold or anomaly) were firing between `since` and `now`, for every metric and
 * bot: from the start of the window that made the rule fire to its recovery (or now). Baselines
 * leave these out, so an incident does not teach what is usual.
 */
export async function queryFiringPeriods(db: Queryable, since: Date, now: Date): Promise<FiringPeriod[]> {
  const rows = await db.query<{ metric: string; bot_id: string | null; fired_at: Date; window_seconds: number; resolved_at: Date | null }>(
    `SELECT h.metric, h.bot_id, h.at AS fired_at, h.window_seconds, (
       SELECT min(n.at) FROM alert_history n
       WHERE n.rule_id = h.rule_id AND n.event = 'transition' AND n.from_state = 'firing' AND (n.at, n.id) > (h.at, h.id)
     ) AS resolved_at
     FROM alert_history h
     WHERE h.event = 'transition' AND h.to_state = 'firing' AND h.metric <> 'silence' AND h.at < $2
       AND h.at >= $1::timestamptz - interval '7 days'`,
    [since, now],
  );
  return rows
    .map((r) => ({ metric: r.metric, botId: r.bot_id, start: new Date(new Date(r.fired_at).getTime() - r.window_seconds * 1000), end: r.resolved_at === null ? now : new Date(r.resolved_at) }))
    .filter((p) => p.end >= since);
}

/** The periods that concern one metric of one bot (null: all bots together). */
export const periodsFor = (periods: readonly FiringPeriod[], metric: string, botId: string | null): Interval[] =>
  periods.filter((p) => p.metric === metric && p.botId === botId);
