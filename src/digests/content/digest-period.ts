import { formatBucket } from '../../time/format-bucket.ts';
import { parseWindow } from '../../time/windows.ts';
import type { Bucket, Interval, TimeWindow } from '../../time/windows.ts';
import { startOfDay } from '../../time/zoned.ts';
import type { Cadence } from '../schedule.ts';

/** The period a digest reports on, and what it is compared with. */
export interface DigestPeriod {
  /** Yesterday (daily) or last week (weekly) in the zone, relative to the slot; `previous` is the period before. */
  window: TimeWindow;
  /** Daily digests also compare with the same weekday a week earlier. */
  sameDayLastWeek?: Interval & { label: string };
  /** Sparkline buckets: hours of the day, days of the week. */
  bucket: Bucket;
  /** "Mon 23 Nov", "week of 16 Nov". */
  label: string;
}

/**
 * The period for a slot: the calendar day before it (daily) or the ISO week before it (weekly), in
 * the subscription's zone, so a digest posted late or re-sent reports the same period.
 */
export function digestPeriod(cadence: Cadence, slot: Date, timeZone: string): DigestPeriod {
  const window = parseWindow(cadence === 'daily' ? 'yesterday' : 'last-week', { now: slot, timeZone });
  if (window === undefined || 'error' in window) throw new Error(`no ${cadence} digest window at ${slot.toISOString()} in ${timeZone}`);
  const dayLabel = (d: Date) => formatBucket(d, 'day', timeZone);
  if (cadence === 'weekly') {
    return { window: { ...window, label: formatBucket(window.start, 'week', timeZone), previous: { ...window.previous, label: formatBucket(window.previous.start, 'week', timeZone) } }, bucket: 'day', label: formatBucket(window.start, 'week', timeZone) };
  }
  const weekAgo = { start: startOfDay(slot, timeZone, -8), end: startOfDay(slot, timeZone, -7) };
  return {
    window: { ...window, label: dayLabel(window.start), previous: { ...window.previous, label: dayLabel(window.previous.start) } },
    sameDayLastWeek: { ...weekAgo, label: dayLabel(weekAgo.start) },
    bucket: 'hour',
    label: dayLabel(window.start),
  };
}
