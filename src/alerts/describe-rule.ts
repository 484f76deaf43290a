import { describeCurrent } from '../anomaly/describe-anomaly.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import { formatCount, formatSeconds, formatValue } from '../metrics/format.ts';
import { describeSpan } from '../time/durations.ts';
import type { RuleSettings } from './alert-rule.ts';

type Described = Pick<RuleSettings, 'kind' | 'metric' | 'botId' | 'filter' | 'direction' | 'threshold' | 'windowSeconds' | 'anomaly'>;

/** The catalog entry a metric rule watches (undefined for silence rules, or a metric no longer in the catalog). */
export function ruleMetric(rule: Pick<RuleSettings, 'kind' | 'metric'>): MetricDefinition | undefined {
  return rule.kind === 'silence' ? undefined : findMetric(rule.metric);
}

/** A value of the rule's measure for people: "22.8 %", "1,204 ms", "45 min" (silence). */
export function formatRuleValue(rule: Pick<RuleSettings, 'kind' | 'metric'>, value: number | null): string {
  if (rule.kind === 'silence') return value === null ? 'n/a' : formatSeconds(value);
  const metric = ruleMetric(rule);
  return metric ? formatValue(value, metric.unit) : value === null ? 'n/a' : String(value);
}

/** "hand-off > 20 %", "conversations < 50", "no events for 30 min". */
export function describeCondition(rule: Described): string {
  if (rule.kind === 'silence') return `no events for ${formatSeconds(rule.threshold)}`;
  const metric = ruleMetric(rule);
  if (rule.kind === 'anomaly') {
    const way = { up: 'unusually high', down: 'unusually low', both: 'unusual' }[rule.anomaly?.direction ?? 'both'];
    return `${metric?.short ?? rule.metric} ${way}${rule.anomaly ? ` (${rule.anomaly.sensitivity} sensitivity)` : ''}`;
  }
  return `${metric?.short ?? rule.metric} ${rule.direction === 'above' ? '>' : '<'} ${formatRuleValue(rule, rule.threshold)}`;
}

/** "support-bot · channel web", "all bots". */
export function describeScope(rule: Pick<RuleSettings, 'botId' | 'filter'>): string {
  const f = rule.filter;
  return [
    rule.botId ?? 'all bots',
    ...f.versions.map((v) => `version ${v}`),
    ...f.channels.map((c) => `channel ${c}`),
    ...f.intents.map((i) => `intent ${i}`),
    ...f.flows.map((x) => `flow ${x}`),
    ...(f.score !== undefined ? [`score ${f.score}`] : []),
  ].join(' · ');
}

/** One line naming a rule: "#3 hand-off > 20 % · support-bot · last hour". */
export function describeRule(rule: Described & { id: number }): string {
  if (rule.kind === 'silence') return `#${rule.id} ${rule.botId ?? 'a bot'} silent (${describeCondition(rule)})`;
  return `#${rule.id} ${describeCondition(rule)} · ${describeScope(rule)} · last ${describeSpan(rule.windowSeconds)}`;
}

/** How the sample behind a share reads: "41 of 180 conversations handed off". */
const samplePhrases: Record<string, string> = {
  handoff_rate: 'conversations handed off',
  drop_off_rate: 'settled conversations dropped off',
  completion_rate: 'settled conversations completed a flow',
  goal_completion_rate: 'settled conversations completed a goal',
  resolution_rate: 'settled conversations were resolved',
  containment_rate: 'settled conversations were contained',
  abandon_rate: 'engaged settled conversations were abandoned',
  engagement_rate: 'conversations were engaged',
  conversion_rate: 'conversations converted',
  lead_capture_rate: 'conversations captured a lead',
  response_rate: 'prompts expecting a reply got one',
  csat: 'survey scores were 4 or 5',
  csat_negative: 'survey scores were 1 or 2',
  fallback_rate: 'detected intents were fallbacks',
  intent_accuracy: 'reviewed intents were correct',
  cta_click_rate: 'conversations shown a call to action used one',
  delivery_rate: 'sent messages were delivered',
  sentiment_positive: 'scored conversations were positive',
  sentiment_negative: 'scored conversations were negative',
};

/**
 * The headline sentence of a notification: "41 of 180 conversations handed off, 22.8 % > 20 %
 * over the last hour". `value` is compared with `against` (the threshold, or the
 * recovery threshold when it recovers).
 */
export function describeMeasurement(
  rule: Described,
  m: { value: number; numerator: number | null; denominator: number | null; sample: number | null; note?: string | null },
  against: number,
): string {
  if (rule.kind === 'silence') return `${rule.botId ?? 'The bot'} has sent no events for ${formatSeconds(m.value)}`;
  const metric = ruleMetric(rule);
  if (rule.kind === 'anomaly' && metric !== undefined) return `${describeCurrent(metric, m, rule.windowSeconds)}${m.note ? `; ${m.note}` : ''}`;
  const op = m.value > against ? '>' : m.value < against ? '<' : '=';
  const comparison = `${formatRuleValue(rule, m.value)} ${op} ${formatRuleValue(rule, against)} over the last ${describeSpan(rule.windowSeconds)}`;
  if (metric?.unit === 'share' && m.numerator !== null && m.denominator !== null) {
    const phrase = samplePhrases[metric.id] ?? `(${metric.formula})`;
    return `${formatCount(m.numerator)} of ${formatCount(m.denominator)} ${phrase}, ${comparison}`;
  }
  if (metric?.id === 'conversations') return `${formatCount(m.value)} conversations started, ${op} ${formatCount(against)} over the last ${describeSpan(rule.windowSeconds)}`;
  const basis = m.sample !== null ? ` (${formatCount(m.sample)} conversations)` : '';
  return `${metric?.name ?? rule.metric} ${comparison}${basis}`;
}
