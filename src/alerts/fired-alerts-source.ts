import type { Queryable } from '../db/database.ts';
import type { FiredAlert, FiredAlertsSource } from './fired-alerts.ts';
import { listFirings } from './alert-history.ts';
import { describeMeasurement, formatRuleValue } from './describe-rule.ts';

/**
 * The alerts that fired in a period, from the history (what digests list as "alerts this
 * period"): each firing transition in the interval, with its value and when it cleared.
 */
export function firedAlertsSource(db: Queryable): FiredAlertsSource {
  return async (bots, interval) => {
    const firings = await listFirings(db, bots, interval.start, interval.end);
    return firings.map((h): FiredAlert => {
      const rule = { kind: h.kind ?? (h.metric === 'silence' ? ('silence' as const) : ('metric' as const)), metric: h.metric, botId: h.botId, filter: { versions: [], channels: [], intents: [], flows: [] }, direction: h.direction, threshold: h.threshold, windowSeconds: h.windowSeconds };
      const value = h.value ?? 0;
      const summary =
        h.value === null
          ? `${h.metric} ${h.direction} ${formatRuleValue(rule, h.threshold)}`
          : describeMeasurement(rule, { value, numerator: h.numerator, denominator: h.denominator, sample: h.sample, note: h.detail }, h.threshold);
      return { ruleId: String(h.ruleId), metric: h.metric, botId: h.botId, direction: h.direction, threshold: h.threshold, value, firedAt: h.at, resolvedAt: h.resolvedAt, summary };
    });
  };
}
