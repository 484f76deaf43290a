import type { Queryable } from '../db/database.ts';

const dayMs = 86_400_000;
/** How far back a bot's own history says when it is usually active. */
export const usualActivityLookbackDays = 28;

const isWeekend = (t: number) => {
  const d = new Date(t).getUTCDay();
  return d === 0 || d === 6;
};

/**
 * Whether the bot is usually active at this time, from its own history (docs/alerts.md: a silence alert
 * only during its usual active hours): over the last 28 whole UTC days, the days of the same kind
 * (weekday or weekend) on which conversations started in this UTC hour, at least half of them. A
 * bot with no whole day of history yet has no usual hours to go by and counts as active.
 */
export async function usuallyActive(db: Queryable, botId: string, firstEventAt: Date, now: Date): Promise<boolean> {
  const today = Math.floor(now.getTime() / dayMs) * dayMs;
  const from = Math.max(today - usualActivityLookbackDays * dayMs, Math.ceil(firstEventAt.getTime() / dayMs) * dayMs);
  const weekend = isWeekend(now.getTime());
  let sameKind = 0;
  let all = 0;
  for (let d = from; d < today; d += dayMs) {
    all++;
    if (isWeekend(d) === weekend) sameKind++;
  }
  if (all === 0) return true;
  const matchKind = sameKind > 0;
  const [row] = await db.query<{ days: number }>(
    `SELECT count(DISTINCT date_trunc('day', r.hour AT TIME ZONE 'UTC')) AS days
     FROM fact_rollups r
     WHERE r.bot_id = $1 AND r.hour >= $2 AND r.hour < $3 AND r.conversations > 0
       AND extract(hour FROM r.hour AT TIME ZONE 'UTC') = $4
       AND ($5::boolean IS NULL OR (extract(isodow FROM r.hour AT TIME ZONE 'UTC') >= 6) = $5::boolean)`,
    [botId, new Date(from), new Date(today), now.getUTCHours(), matchKind ? weekend : null],
  );
  return (row?.days ?? 0) * 2 >= (matchKind ? sameKind : all);
}
