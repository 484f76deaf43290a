import type { Unit } from '../replies/reply.ts';

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
    case 'usd':
      return ' (USD)';
    default:
      return '';
  }
}
