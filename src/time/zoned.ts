/**
 * Calendar arithmetic in an IANA time zone with nothing but Intl: local wall-clock ↔ instant.
 * Days are calendar days in the zone, so a DST-change day is 23 or 25 hours long.
 */

export interface LocalDateTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time in `zone` at `instant`. */
export function toLocal(instant: Date | number, zone: string): LocalDateTime {
  const parts = formatter(zone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Milliseconds the zone is ahead of UTC at `instant`. */
export function zoneOffsetMs(instant: number, zone: string): number {
  const l = toLocal(instant, zone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - (instant - (instant % 1000 + 1000) % 1000);
}

/**
 * The instant at which the zone's clocks show `local`. For a wall time that does not exist
 * (spring-forward gap) this is the first instant after the gap; for one that occurs twice
 * (fall-back) it is the earlier occurrence.
 */
export function fromLocal(local: Omit<LocalDateTime, 'second'> & { second?: number }, zone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second ?? 0);
  // Try the offsets in force a day either side; keep candidates whose wall time matches.
  const offsets = new Set([zoneOffsetMs(wall - 86_400_000, zone), zoneOffsetMs(wall, zone), zoneOffsetMs(wall + 86_400_000, zone)]);
  const matches = [...offsets].map((o) => wall - o).filter((t) => zoneOffsetMs(t, zone) === wall - t).sort((a, b) => a - b);
  if (matches.length > 0) return new Date(matches[0]!);
  // In a gap: the wall time is skipped; the first valid instant after it is where the clocks jump.
  const before = Math.min(...offsets);
  const candidate = wall - before;
  return new Date(firstInstantAtOrAfterGap(candidate - 3 * 3_600_000, candidate + 3 * 3_600_000, zone));
}

function firstInstantAtOrAfterGap(lo: number, hi: number, zone: string): number {
  // Binary search for the offset change between lo and hi (to the second).
  const startOffset = zoneOffsetMs(lo, zone);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (zoneOffsetMs(mid, zone) === startOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Midnight (start of the calendar day) in `zone` of the day containing `instant`, shifted by `days`. */
export function startOfDay(instant: Date | number, zone: string, days = 0): Date {
  const l = toLocal(instant, zone);
  const d = new Date(Date.UTC(l.year, l.month - 1, l.day + days));
  return fromLocal({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 }, zone);
}

/** ISO weekday in `zone`: 1 = Monday … 7 = Sunday. */
export function isoWeekday(instant: Date | number, zone: string): number {
  const l = toLocal(instant, zone);
  const wd = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** Midnight on the Monday of the week containing `instant`, shifted by `weeks`. */
export function startOfWeek(instant: Date | number, zone: string, weeks = 0): Date {
  return startOfDay(instant, zone, 1 - isoWeekday(instant, zone) + weeks * 7);
}

/** `YYYY-MM-DD` of the calendar day in `zone`. */
export function localDate(instant: Date | number, zone: string): string {
  const l = toLocal(instant, zone);
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

/**
 * The wall-clock time of `instant` in `zone`, expressed as if that wall clock were UTC. vega's
 * time scales know only UTC and the process's zone; charts plot these values on a UTC scale so
 * axis labels read in the team's zone whatever zone the server runs in.
 */
export function wallClockMs(instant: string | number | Date, zone: string): number {
  const date = new Date(instant);
  const l = toLocal(date, zone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, date.getUTCMilliseconds());
}
