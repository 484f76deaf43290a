import type { MetricDefinition } from '../metrics/catalog.ts';
import { describeChange, formatCount, formatValue } from '../metrics/format.ts';
import type { MetricValue } from '../metrics/metric-value.ts';
import type { Figure } from './reply.ts';

/** A headline figure from a metric's current and previous values. */
export function buildFigure(metric: MetricDefinition, current: MetricValue, previous?: MetricValue, currency?: string): Figure {
  const figure: Figure = {
    metric: metric.id,
    label: metric.name,
    unit: metric.unit,
    better: metric.better,
    value: current.value,
    formatted: formatValue(current.value, metric.unit, currency),
  };
  if (previous !== undefined) {
    figure.previous = previous.value;
    figure.previousFormatted = formatValue(previous.value, metric.unit, currency);
    const change = describeChange(current.value, previous.value, metric.unit, metric.better);
    if (change) figure.change = change;
  }
  if (current.numerator !== undefined) figure.numerator = current.numerator;
  if (current.denominator !== undefined) figure.denominator = current.denominator;
  if (current.value === null) figure.note = current.reason ?? 'not available';
  else if (metric.unit === 'share' && current.numerator !== undefined && current.denominator !== undefined) {
    figure.note = `${formatCount(current.numerator)} of ${formatCount(current.denominator)}`;
  }
  return figure;
}
