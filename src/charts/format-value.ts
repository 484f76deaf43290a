import type { Unit } from '../replies/reply.ts';

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
/** Shares always show one decimal, so a column of rates lines up ("11.0 %" under "14.2 %"). */
const percent = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/**
 * A value as charts print it, in the reply model's style: shares as "14.2 %", counts with thousands
 * separators ("1,204"), durations with their unit ("850 ms", "12.5 s"); null is "n/a".
 */
export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'share':
      return formatShare(value);
    case 'count':
    case 'score':
      return oneDecimal.format(value);
    case 'ms':
      return `${oneDecimal.format(value)} ms`;
    case 's':
      return `${oneDecimal.format(value)} s`;
    case 'money':
      return twoDecimals.format(value);
  }
}

/** A share as "14.2 %"; never rounds a non-zero share to "0.0 %" or a partial one to "100.0 %". */
function formatShare(value: number): string {
  if (value > 0 && value < 0.0005) return '< 0.1 %';
  if (value < 1 && value >= 0.9995) return '> 99.9 %';
  return `${percent.format(value * 100)} %`;
}

/**
 * A vega expression that prints an axis tick (`datum.value`) in `unit`. Shares get a space before
 * "%" like the reply's figures; other units print bare numbers and put the unit in the axis title.
 */
export function axisLabelExpression(unit: Unit): string {
  // ',~f' keeps up to 6 decimals and trims trailing zeros, so 0.15 * 100 prints "15", not "15.000000000000002".
  return unit === 'share' ? `format(datum.value * 100, ',~f') + ' %'` : `format(datum.value, ',~f')`;
}

/** What an axis title adds after a metric's name, e.g. " (ms)"; nothing for shares and counts. */
export function unitSuffix(unit: Unit): string {
  switch (unit) {
    case 'ms':
      return ' (ms)';
    case 's':
      return ' (s)';
    default:
      return '';
  }
}
