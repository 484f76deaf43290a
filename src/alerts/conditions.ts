import type { Unit } from '../replies/reply.ts';
import type { Direction } from './alert-rule.ts';

/** The alert condition: strictly past the threshold ("22.8 % > 20 %"). */
export function breaches(direction: Direction, value: number, threshold: number): boolean {
  return direction === 'above' ? value > threshold : value < threshold;
}

/** Hysteresis: a firing rule clears only at or beyond its recovery threshold. */
export function recovers(direction: Direction, value: number, recoverThreshold: number): boolean {
  return direction === 'above' ? value <= recoverThreshold : value >= recoverThreshold;
}

/** The default recovery threshold: 10 % of the threshold back on the safe side (a share stays within 0–100 %). */
export function defaultRecovery(direction: Direction, threshold: number, unit: Unit): number {
  const recover = direction === 'above' ? threshold * 0.9 : threshold * 1.1;
  const rounded = Math.round(recover * 1e9) / 1e9;
  return unit === 'share' ? Math.min(1, Math.max(0, rounded)) : rounded;
}
