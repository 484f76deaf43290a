import { fromLocal, toLocal } from '../time/zoned.ts';

export type Cadence = 'daily' | 'weekly';

/** When a digest is posted: a wall-clock time in an IANA zone, every day or on one weekday. */
export interface DigestSchedule {
  cadence: Cadence;
  /** ISO weekday, 1 = Monday … 7 = Sunday (weekly only). */
  weekday?: number;
  hour: number;
  minute: number;
  timeZone: string;
}

export const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const dayMs = 86_400_000;

/**
 * The instants a schedule fires after `after`, in order, without end. One per calendar day (or
 * week) in the zone: a time that does not exist that day (spring forward) fires at the first
 * instant after the gap, a time that occurs twice (fall back) fires once, at the earlier
 * occurrence — which is what `fromLocal` returns.
 */
export function* slotsAfter(schedule: DigestSchedule, after: Date): Generator<Date> {
  if (schedule.cadence === 'weekly' && !(Number.isInteger(schedule.weekday) && schedule.weekday! >= 1 && schedule.weekday! <= 7)) throw new Error(`a weekly schedule needs a weekday 1-7, got ${schedule.weekday}`);
  const first = toLocal(after, schedule.timeZone);
  // Start a day early: a slot in a spring-forward gap may fall on the next calendar instant.
  for (let day = Date.UTC(first.year, first.month - 1, first.day) - dayMs; ; day += dayMs) {
    const date = new Date(day);
    const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    if (schedule.cadence === 'weekly' && weekday !== schedule.weekday) continue;
    const slot = fromLocal({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: schedule.hour, minute: schedule.minute }, schedule.timeZone);
    if (slot > after) yield slot;
  }
}

/** The instants a schedule fires in (after, until], in order. */
export function slotsBetween(schedule: DigestSchedule, after: Date, until: Date): Date[] {
  const slots: Date[] = [];
  for (const slot of slotsAfter(schedule, after)) {
    if (slot > until) break;
    slots.push(slot);
  }
  return slots;
}

/** The next `count` instants the schedule fires after `after`. */
export function nextRuns(schedule: DigestSchedule, after: Date, count: number): Date[] {
  const runs: Date[] = [];
  for (const slot of slotsAfter(schedule, after)) {
    if (runs.length === count) break;
    runs.push(slot);
  }
  return runs;
}

/** "daily 09:00 Europe/Berlin", "weekly Mon 09:00 UTC". */
export function describeSchedule(schedule: DigestSchedule): string {
  const time = `${String(schedule.hour).padStart(2, '0')}:${String(schedule.minute).padStart(2, '0')}`;
  const day = schedule.cadence === 'weekly' && schedule.weekday !== undefined ? ` ${capitalise(weekdayNames[schedule.weekday - 1] ?? '')}` : '';
  return `${schedule.cadence}${day} ${time} ${schedule.timeZone}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
