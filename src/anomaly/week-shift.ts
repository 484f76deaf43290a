import { formatBucket } from '../time/format-bucket.ts';
import { fromLocal, isoWeekday, toLocal } from '../time/zoned.ts';

/**
 * The instant showing the same wall-clock time in `zone` as `instant`, `weeks` weeks earlier.
 * Weeks are calendar weeks in the zone, so across a DST change the shift is 167 or 169 hours and
 * Tuesday 10:00 still lines up with Tuesday 10:00 (a wall time skipped by the change maps to the
 * first instant after the gap).
 */
export function sameLocalTimeWeeksBefore(instant: Date, weeks: number, zone: string): Date {
  const key = `${instant.getTime()} ${weeks} ${zone}`;
  const known = shifted.get(key);
  if (known !== undefined) return new Date(known);
  // Every rule of a cycle asks about the same few instants; bounded so it cannot grow without end.
  if (shifted.size > 50_000) shifted.clear();
  const at = shiftByWeeks(instant, weeks, zone);
  shifted.set(key, at.getTime());
  return at;
}

const shifted = new Map<string, number>();

function shiftByWeeks(instant: Date, weeks: number, zone: string): Date {
  const l = toLocal(instant, zone);
  const day = new Date(Date.UTC(l.year, l.month - 1, l.day - 7 * weeks));
  const wall = fromLocal({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: l.hour, minute: l.minute, second: l.second }, zone);
  return new Date(wall.getTime() + (instant.getTime() % 1000));
}

/** Hour of the week in `zone`: 0 = Monday 00:00–01:00 … 167 = Sunday 23:00–24:00. */
export function hourOfWeek(instant: Date, zone: string): number {
  return (isoWeekday(instant, zone) - 1) * 24 + toLocal(instant, zone).hour;
}

const time = (d: Date, zone: string) => formatBucket(d, 'hour', zone).split(' ').pop() ?? '';

const weekday = (d: Date, zone: string) => d.toLocaleDateString('en-GB', { timeZone: zone, weekday: 'long' });

/** "Tuesdays 10:00–11:00", "Tuesdays 00:00 to Wednesdays 00:00": a window as a weekly slot in `zone`. */
export function describeWeeklySlot(start: Date, end: Date, zone: string): string {
  const sameDay = end.getTime() - start.getTime() < 86_400_000 && (weekday(start, zone) === weekday(end, zone) || time(end, zone) === '00:00');
  if (sameDay) return `${weekday(start, zone)}s ${time(start, zone)}–${time(end, zone)}`;
  return `${weekday(start, zone)}s ${time(start, zone)} to ${weekday(end, zone)}s ${time(end, zone)}`;
}
