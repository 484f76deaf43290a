/** How surprising a value must be before it counts as unusual (docs/alerts.md "Anomaly rules"). */
export type Sensitivity = 'low' | 'medium' | 'high';

export const sensitivities: readonly Sensitivity[] = ['low', 'medium', 'high'];

/**
 * Each sensitivity is a two-sided interval level; `z` is the standard normal quantile of that
 * level (1 − (1 − level) / 2), used to widen bands by the baseline's spread. A lower level gives a
 * narrower band, so more values fall outside it.
 */
export const sensitivityLevels: Record<Sensitivity, { level: number; z: number }> = {
  low: { level: 0.999, z: 3.2905267 },
  medium: { level: 0.99, z: 2.5758293 },
  high: { level: 0.95, z: 1.9599640 },
};
