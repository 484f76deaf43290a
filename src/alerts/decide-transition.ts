import type { AlertRule, AlertState } from './alert-rule.ts';
import type { Evaluation } from './evaluation.ts';

/** A state change an evaluation calls for, and when the condition began to hold (null when it does not). */
export interface Decision {
  to: AlertState;
  breachSince: Date | null;
}

/**
 * The alert state machine (ok → pending → firing → ok, plus no_data; docs/alerts.md "States"), as a pure
 * function; undefined when the rule stays as it is.
 *
 * - The condition must hold for `for` before firing (straight to firing when `for` is 0).
 * - Firing clears only past the recovery threshold (hysteresis): between it and the threshold a
 *   firing rule stays firing, so a value wavering around the threshold does not flap.
 * - Too little data moves ok and pending to no_data — never to firing. A firing rule stays firing
 *   (too little data is not a recovery).
 */
export function decideTransition(rule: Pick<AlertRule, 'state' | 'breachSince' | 'forSeconds'>, evaluation: Evaluation, now: Date): Decision | undefined {
  if (evaluation.kind === 'insufficient') {
    return rule.state === 'ok' || rule.state === 'pending' ? { to: 'no_data', breachSince: null } : undefined;
  }
  switch (rule.state) {
    case 'ok':
    case 'no_data':
      if (evaluation.breach) return { to: rule.forSeconds === 0 ? 'firing' : 'pending', breachSince: now };
      return rule.state === 'no_data' ? { to: 'ok', breachSince: null } : undefined;
    case 'pending': {
      if (!evaluation.breach) return { to: 'ok', breachSince: null };
      const since = rule.breachSince ?? now;
      return now.getTime() - since.getTime() >= rule.forSeconds * 1000 ? { to: 'firing', breachSince: since } : undefined;
    }
    case 'firing':
      return evaluation.clear ? { to: 'ok', breachSince: null } : undefined;
  }
}
