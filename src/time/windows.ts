import { fromLocal, localDate, startOfDay, startOfWeek } from './zoned.ts';

/** A half-open interval [start, end). */
export interface Interval {
  start: Date;
  end: Date;
}

/** The time window a question is about, with the previous equal window it is compared with. */
export interface TimeWindow extends Interval {
  /** As typed: `7d`, `today`, `2026-11-01..2026-11-15`. */
  token: string;
  /** For people: "last 7 days", "today so far", "1–15 Nov 2026". */
  label: string;
  timeZone: string;
  previous: Interval & { label: string };
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const relative = /^(\d{1,4})(h|d|w)$/;
const dateRange = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/;
const maxDays = 400;

/** True when `token` looks like a window (so the parser can say what is wrong with it). */
export function looksLikeWindow(token: string): boolean {
  return relative.test(token) || /^\d{4}-\d{2}-\d{2}/.test(token) || ['today', 'yesterday', 'this-week', 'last-week', 'this-month', 'last-month'].includes(token);
}

/**
 * Parses a window token in a time zone. Returns an error message for a malformed or impossible
 * window, undefined when `token` is not a window at all.
 */
export function parseWindow(token: string, options: { now: Date; timeZone: string }): TimeWindow | { error: string } | undefined {
  const { now, timeZone } = options;
  const base = { token, timeZone };
  const rel = relative.exec(token);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2] as 'h' | 'd' | 'w';
    const ms = n * (unit === 'h' ? hourMs : unit === 'd' ? dayMs : 7 * dayMs);
    if (n === 0 || ms > maxDays * dayMs) return { error: `window "${token}" must be between 1 hour and ${maxDays} days` };
    const start = new Date(now.getTime() - ms);
    const noun = unit === 'h' ? 'hour' : unit === 'd' ? 'day' : 'week';
    return {
      ...base,
      start,
      end: now,
      label: n === 1 ? `last ${noun}` : `last ${n} ${noun}s`,
      previous: { start: new Date(start.getTime() - ms), end: start, label: n === 1 ? `the ${noun} before` : `the ${n} ${noun}s before` },
    };
  }
  const elapsedSince = (from: Date) => now.getTime() - from.getTime();
  switch (token) {
    case 'today': {
      const start = startOfDay(now, timeZone);
      const yesterday = startOfDay(now, timeZone, -1);
      return { ...base, start, end: now, label: 'today so far', previous: { start: yesterday, end: new Date(yesterday.getTime() + elapsedSince(start)), label: 'yesterday at this time' } };
    }
    case 'yesterday': {
      const start = startOfDay(now, timeZone, -1);
      return { ...base, start, end: startOfDay(now, timeZone), label: 'yesterday', previous: { start: startOfDay(now, timeZone, -2), end: start, label: 'the day before' } };
    }
    case 'this-week': {
      const start = startOfWeek(now, timeZone);
      const before = startOfWeek(now, timeZone, -1);
      return { ...base, start, end: now, label: 'this week so far', previous: { start: before, end: new Date(before.getTime() + elapsedSince(start)), label: 'last week at this time' } };
    }
    case 'last-week': {
      const start = startOfWeek(now, timeZone, -1);
      return { ...base, start, end: startOfWeek(now, timeZone), label: 'last week', previous: { start: startOfWeek(now, timeZone, -2), end: start, label: 'the week before' } };
    }
    case 'this-month':
    case 'last-month': {
      const local = localDate(now, timeZone);
      const [y, m] = local.split('-').map(Number) as [number, number];
      const month = (offset: number) => {
        const d = new Date(Date.UTC(y, m - 1 + offset, 1));
        return fromLocal({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: 1, hour: 0, minute: 0 }, timeZone);
      };
      if (token === 'this-month') {
        const start = month(0);
        const before = month(-1);
        return { ...base, start, end: now, label: 'this month so far', previous: { start: before, end: new Date(Math.min(before.getTime() + elapsedSince(start), start.getTime())), label: 'last month at this time' } };
      }
      return { ...base, start: month(-1), end: month(0), label: 'last month', previous: { start: month(-2), end: month(-1), label: 'the month before' } };
    }
  }
  const range = dateRange.exec(token);
  if (range) {
    const from = parseDay(range[1]!);
    const to = parseDay(range[2] ?? range[1]!);
    if (from === undefined || to === undefined) return { error: `"${token}" is not a valid date or date range (YYYY-MM-DD..YYYY-MM-DD)` };
    const days = Math.round((to - from) / dayMs) + 1;
    if (days < 1) return { error: `date range "${token}" ends before it starts` };
    if (days > maxDays) return { error: `date range "${token}" is longer than ${maxDays} days` };
    const day = (utcMidnight: number, shift = 0) => {
      const d = new Date(utcMidnight + shift * dayMs);
      return fromLocal({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 }, timeZone);
    };
    return {
      ...base,
      start: day(from),
      end: day(to, 1),
      label: days === 1 ? formatDay(from) : `${formatDay(from)} – ${formatDay(to)}`,
      previous: { start: day(from, -days), end: day(from), label: days === 1 ? 'the day before' : `the ${days} days before` },
    };
  }
  return undefined;
}

function parseDay(text: string): number | undefined {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const check = new Date(t);
  return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? t : undefined;
}

function formatDay(utcMidnight: number): string {
  return new Date(utcMidnight).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export type Bucket = 'hour' | 'day' | 'week';

/** Bucket starts covering [start, end) in the zone: local hours, calendar days or ISO weeks. */
export function bucketStarts(interval: Interval, bucket: Bucket, timeZone: string): Date[] {
  const starts: Date[] = [];
  let at = bucket === 'week' ? startOfWeek(interval.start, timeZone) : bucket === 'day' ? startOfDay(interval.start, timeZone) : new Date(Math.floor(interval.start.getTime() / hourMs) * hourMs);
  if (bucket === 'hour') {
    // Local hours: in zones offset by a fraction of an hour, they do not start on UTC hours.
    const offsetMinutes = ((Math.round((startOfDay(interval.start, timeZone).getTime() % hourMs) / 60_000) % 60) + 60) % 60;
    at = new Date(at.getTime() + offsetMinutes * 60_000);
    if (at > interval.start) at = new Date(at.getTime() - hourMs);
  }
  for (let i = 0; at < interval.end && i < 10_000; i++) {
    starts.push(at);
    at = bucket === 'hour' ? new Date(at.getTime() + hourMs) : bucket === 'day' ? startOfDay(at, timeZone, 1) : startOfWeek(at, timeZone, 1);
  }
  return starts;
}

/** The bucket size that suits a window: hours up to two days, days up to ~3 months, then weeks. */
export function defaultBucket(interval: Interval): Bucket {
  const days = (interval.end.getTime() - interval.start.getTime()) / dayMs;
  return days <= 2 ? 'hour' : days <= 92 ? 'day' : 'week';
}
