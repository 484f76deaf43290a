import type { Bucket } from './windows.ts';

/** A bucket start as people read it, in the zone: "Mon 16 Nov", "16 Nov 14:00", "week of 16 Nov". */
export function formatBucket(start: Date | string, bucket: Bucket, timeZone: string): string {
  const d = typeof start === 'string' ? new Date(start) : start;
  if (bucket === 'hour') {
    return d.toLocaleString('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).replace(',', '');
  }
  const day = d.toLocaleDateString('en-GB', { timeZone, day: 'numeric', month: 'short' });
  if (bucket === 'week') return `week of ${day}`;
  return `${d.toLocaleDateString('en-GB', { timeZone, weekday: 'short' })} ${day}`;
}
