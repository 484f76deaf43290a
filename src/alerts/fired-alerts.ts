import type { Interval } from '../time/windows.ts';

/**
 * An alert that fired: what digests list under "alerts this period". The alerts module provides
 * them (it owns the history); digests only read them through `BotwatchServices.firedAlerts`.
 */
export interface FiredAlert {
  ruleId: string;
  /** Metric catalog id, e.g. `handoff_rate` (or `silence` for the silent-bot alert). */
  metric: string;
  /** The bot the rule watches; null for a rule over all bots. */
  botId: string | null;
  direction: 'above' | 'below';
  threshold: number;
  /** The value when it fired. */
  value: number;
  firedAt: Date;
  /** When it recovered; null while still firing. */
  resolvedAt: Date | null;
  /** One line for people: "hand-off 22.8 % > 20 % over the last hour". */
  summary: string;
}

/** Alerts that fired during `interval` for any of `bots` (all bots when empty). */
export type FiredAlertsSource = (bots: string[], interval: Interval) => Promise<FiredAlert[]>;
