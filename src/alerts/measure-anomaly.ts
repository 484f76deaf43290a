import { assessWindow } from '../anomaly/assess-window.ts';
import { describeUsual } from '../anomaly/describe-anomaly.ts';
import { formatCount } from '../metrics/format.ts';
import { describeSpan } from '../time/durations.ts';
import type { AlertRule } from './alert-rule.ts';
import { ruleMetric } from './describe-rule.ts';
import type { Evaluation } from './evaluation.ts';
import type { MeasureContext } from './measure-rule.ts';
import { resolveRuleZone } from './rule-zone.ts';

/**
 * Evaluates an anomaly rule at `now`: the rolling window's value against the band of what is
 * usual at this time of the week. Outside the band on a side the rule watches is a breach; back
 * within 90 % of the band's half-width clears it. Learning (fewer than three clean weeks), too
 * few conversations (`min:`) or no usual value yet are *no data*: never an alert.
 */
export async function measureAnomaly(rule: AlertRule, ctx: MeasureContext): Promise<Evaluation> {
  const metric = ruleMetric(rule);
  if (metric === undefined || rule.anomaly === undefined) throw new Error(`rule #${rule.id} watches "${rule.metric}", which is not in the metric catalog (remove the rule and add it again)`);
  const window = { start: new Date(ctx.now.getTime() - rule.windowSeconds * 1000), end: ctx.now };
  const { direction, sensitivity } = rule.anomaly;
  // Resolved each evaluation: a rule without tz: follows its bot's zone as it is now.
  const timeZone = (await resolveRuleZone(rule, ctx)).zone;
  const judged = await assessWindow({ metric, botId: rule.botId, window, timeZone, sensitivity, direction }, ctx);
  if (judged.kind === 'unjudged') return { kind: 'insufficient', reason: judged.reason, sample: null };
  const sample = metric.id === 'conversations' ? judged.value : (judged.denominator ?? 0);
  if (metric.id !== 'conversations' && sample < rule.minConversations) {
    return { kind: 'insufficient', reason: `insufficient data: ${formatCount(sample)} in the last ${describeSpan(rule.windowSeconds)}, fewer than min ${formatCount(rule.minConversations)}`, sample };
  }
  return {
    kind: 'measured',
    value: judged.value,
    numerator: judged.numerator,
    denominator: judged.denominator,
    sample,
    breach: judged.outside,
    clear: judged.backInside,
    note: describeUsual(judged.band, metric.unit, window, timeZone),
  };
}
