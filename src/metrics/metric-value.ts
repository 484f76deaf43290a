/** A computed metric: the raw value (shares 0–1), its sample, or why it is n/a. */
export interface MetricValue {
  value: number | null;
  numerator?: number;
  denominator?: number;
  /** Why the value is n/a (never shown as 0 %). */
  reason?: string;
}

/** numerator ÷ denominator, or n/a with `whenEmpty` when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number, whenEmpty: string): MetricValue {
  if (denominator <= 0) return { value: null, numerator, denominator, reason: whenEmpty };
  return { value: numerator / denominator, numerator, denominator };
}

/** A mean of `total` over `count` items, or n/a. */
export function mean(total: number, count: number, whenEmpty: string): MetricValue {
  if (count <= 0) return { value: null, denominator: count, reason: whenEmpty };
  return { value: total / count, denominator: count };
}
