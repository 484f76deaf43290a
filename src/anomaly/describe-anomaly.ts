import type { MetricDefinition } from '../metrics/catalog.ts';
import { formatCount, formatShare, formatValue } from '../metrics/format.ts';
import { describeSpan } from '../time/durations.ts';
import type { Interval } from '../time/windows.ts';
import type { Band } from './band.ts';
import { describeWeeklySlot } from './week-shift.ts';

type Described = Pick<MetricDefinition, 'id' | 'short' | 'unit'>;

/** A reply time as people say it: "850 ms", "4.2 s". */
export const formatReplyTime = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** A band as people read it: "12–18 %", "40–75 conversations", "1.1–1.6 s". */
export function formatBand(band: Pick<Band, 'low' | 'high'>, unit: MetricDefinition['unit']): string {
  if (unit === 'ms') {
    const [low, high] = [formatReplyTime(band.low), formatReplyTime(band.high)];
    return low.endsWith(' s') && high.endsWith(' s') ? `${low.replace(' s', '')}–${high}` : `${low}–${high}`;
  }
  if (unit === 'share') return `${formatShare(band.low).replace(' %', '')}–${formatShare(band.high)}`;
  if (unit === 'count') return `${formatCount(Math.floor(band.low))}–${formatCount(Math.ceil(band.high))} conversations`;
  return `${formatValue(band.low, unit)}–${formatValue(band.high, unit)}`;
}

/** "usually 12–18 % on Tuesdays 10:00–11:00". */
export function describeUsual(band: Pick<Band, 'low' | 'high'>, unit: MetricDefinition['unit'], window: Interval, timeZone: string): string {
  return `usually ${formatBand(band, unit)} on ${describeWeeklySlot(window.start, window.end, timeZone)}`;
}

/** What a reply-time metric is called in a sentence. */
const replyTimeNames: Record<string, string> = { p95_response_ms: 'reply time p95', avg_response_ms: 'mean reply time' };

/**
 * "hand-off 31 % (56 of 181) over the last hour", "12 conversations over the last hour",
 * "reply time p95 4.2 s over the last hour (180 replies)".
 */
export function describeCurrent(metric: Described, m: { value: number; numerator: number | null; denominator: number | null }, windowSeconds: number): string {
  const over = `over the last ${describeSpan(windowSeconds)}`;
  if (metric.id === 'conversations') return `${formatCount(m.value)} conversations ${over}`;
  const replyTime = replyTimeNames[metric.id];
  if (replyTime !== undefined) return `${replyTime} ${formatReplyTime(m.value)} ${over} (${formatCount(m.denominator ?? 0)} ${m.denominator === 1 ? 'reply' : 'replies'})`;
  const sample = m.numerator !== null && m.denominator !== null ? ` (${formatCount(m.numerator)} of ${formatCount(m.denominator)})` : '';
  return `${metric.short} ${formatValue(m.value, metric.unit)}${sample} ${over}`;
}
