import type { MetricDefinition } from '../metrics/catalog.ts';
import { formatCount, formatShare, formatValue } from '../metrics/format.ts';
import { describeSpan } from '../time/durations.ts';
import type { Interval } from '../time/windows.ts';
import type { Band } from './band.ts';
import { describeWeeklySlot } from './week-shift.ts';

type Described = Pick<MetricDefinition, 'id' | 'short' | 'unit'>;

/** A band as people read it: "12–18 %", "40–75 conversations". */
export function formatBand(band: Pick<Band, 'low' | 'high'>, unit: MetricDefinition['unit']): string {
  if (unit === 'share') return `${formatShare(band.low).replace(' %', '')}–${formatShare(band.high)}`;
  if (unit === 'count') return `${formatCount(Math.floor(band.low))}–${formatCount(Math.ceil(band.high))} conversations`;
  return `${formatValue(band.low, unit)}–${formatValue(band.high, unit)}`;
}

/** "usually 12–18 % on Tuesdays 10:00–11:00". */
export function describeUsual(band: Pick<Band, 'low' | 'high'>, unit: MetricDefinition['unit'], window: Interval, timeZone: string): string {
  return `usually ${formatBand(band, unit)} on ${describeWeeklySlot(window.start, window.end, timeZone)}`;
}

/** "hand-off 31 % (56 of 181) over the last hour", "12 conversations over the last hour". */
export function describeCurrent(metric: Described, m: { value: number; numerator: number | null; denominator: number | null }, windowSeconds: number): string {
  const over = `over the last ${describeSpan(windowSeconds)}`;
  if (metric.id === 'conversations') return `${formatCount(m.value)} conversations ${over}`;
  const sample = m.numerator !== null && m.denominator !== null ? ` (${formatCount(m.numerator)} of ${formatCount(m.denominator)})` : '';
  return `${metric.short} ${formatValue(m.value, metric.unit)}${sample} ${over}`;
}
