import type { Queryable } from '../db/database.ts';
import { fromLocal, toLocal } from '../time/zoned.ts';

/** How far back a bot's own history says when it is usually active. */
export const usualActivityLookbackDays = 28;

/** Saturday or Sunday, for a local calendar date. */
const isWeekend = (year: number, month: number, day: number) => {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 || d === 6;
};

/**
 * Whether the bot is usually active at this time, from its own history (docs/alerts.md: a silence
 * alert only during its usual active hours): over the last 28 whole local days in `zone` (the
 * bot's, see src/time/local-zone.ts), the days of the same kind (weekday or weekend) on which
 * conversations started in this local hour, at least half of them. Days are calendar days in the
 * zone, so across a DST change a day of 23 or 25 hours still counts once and 10:00 stays 10:00.
 * A bot with no whole day of history yet has no usual hours to go by and counts as active.
 */
export async function usuallyActive(db: Queryable, botId: string, firstEventAt: Date, now: Date, zone: string): Promise<boolean> {
  const local = toLocal(now, zone);
  const dayStart = (back: number) => {
    const d = new Date(Date.UTC(local.year, local.month - 1, local.day - back));
    return { at: fromLocal({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 }, zone), weekend: isWeekend(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) };
  };
  const weekend = isWeekend(local.year, local.month, local.day);
  let from = dayStart(0).at;
  let sameKind = 0;
  let all = 0;
  for (let back = 1; back <= usualActivityLookbackDays; back++) {
    const day = dayStart(back);
    if (day.at < firstEventAt) break;
    from = day.at;
    all++;
    if (day.weekend === weekend) sameKind++;
  }
  if (all === 0) return true;
  const matchKind = sameKind > 0;
  // Rollup hours are UTC hours; each is read at its local start (a zone a half hour off UTC counts
  // an hour's conversations in the local hour it begins in).
  const [row] = await db.query<{ days: number }>(
    `SELECT count(DISTINCT date_trunc('day', r.hour AT TIME ZONE $6)) AS days
     FROM fact_rollups r
     WHERE r.bot_id = $1 AND r.hour >= $2 AND r.hour < $3 AND r.conversations > 0
       AND extract(hour FROM r.hour AT TIME ZONE $6) = $4
       AND ($5::boolean IS NULL OR (extract(isodow FROM r.hour AT TIME ZONE $6) >= 6) = $5::boolean)`,
    [botId, from, dayStart(0).at, local.hour, matchKind ? weekend : null, zone],
  );
  return (row?.days ?? 0) * 2 >= (matchKind ? sameKind : all);
}
