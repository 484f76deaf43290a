import { recoveryFraction } from '../anomaly/band.ts';
import { maxBaselineWeeks } from '../anomaly/baseline.ts';
import { sensitivityLevels } from '../anomaly/sensitivity.ts';
import type { Platform } from '../chat/destination.ts';
import type { Logger } from '../log.ts';
import { formatSeconds } from '../metrics/format.ts';
import { buildFigure } from '../replies/build-figure.ts';
import type { Action, Reply } from '../replies/reply.ts';
import { describeSpan } from '../time/durations.ts';
import { formatBucket } from '../time/format-bucket.ts';
import type { AlertRule, NotificationKind } from './alert-rule.ts';
import { alertChart } from './alert-chart.ts';
import { MeasureCache } from './evaluation.ts';
import type { ChartContext } from './alert-chart.ts';
import { describeMeasurement, describeScope, formatRuleValue, ruleMetric } from './describe-rule.ts';
import { mentionFor } from './mention.ts';
import { resolveRuleZone } from './rule-zone.ts';

export interface NotificationContext extends ChartContext {
  logger: Logger;
}

/** "23 Nov 10:42 UTC" in the deployment's zone. */
export const formatInstant = (at: Date, timeZone: string): string => `${formatBucket(at, 'hour', timeZone)} ${timeZone}`;

/** Button values: the rule and the firing episode (its transition count), e.g. `3:7`. */
export const actionValue = (rule: Pick<AlertRule, 'id' | 'transitions'>, test = false): string => `${rule.id}:${test ? 'test' : rule.transitions}`;

function headline(rule: AlertRule): string {
  if (rule.kind === 'silence') return `${rule.botId ?? 'A bot'} is silent`;
  const metric = ruleMetric(rule);
  if (rule.kind === 'anomaly') return `${metric?.name ?? rule.metric} ${anomalyWay(rule)} — ${describeScope(rule)}`;
  return `${metric?.name ?? rule.metric} ${rule.direction} ${formatRuleValue(rule, rule.threshold)} — ${describeScope(rule)}`;
}

/**
 * The message a rule posts (docs/alerts.md): firing — value, threshold, the sample behind it, how long
 * it has held, a 24 h chart with the threshold line, and Acknowledge / Mute 1 h buttons; a
 * reminder says it is still firing; recovery (posted as a reply in the firing message's thread)
 * gives the value that cleared it. `test` marks a sample sent by `alert test`.
 */
export async function notificationReply(rule: AlertRule, kind: NotificationKind, ctx: NotificationContext, options: { test?: boolean } = {}): Promise<Reply> {
  const { now, timeZone } = ctx;
  const platform: Platform = rule.destination.platform;
  const metric = ruleMetric(rule);
  const value = rule.lastValue;
  const measured = value === null ? undefined : { value, numerator: rule.lastNumerator, denominator: rule.lastDenominator, sample: rule.lastSample, note: rule.lastNote };
  const figures = metric && measured ? [buildFigure(metric, { value: measured.value, numerator: measured.numerator ?? undefined, denominator: measured.denominator ?? undefined })] : [];
  const lines: string[] = [];
  const notes: string[] = [];

  if (kind === 'recovered') {
    if (measured) lines.push(`${describeMeasurement(rule, measured, rule.recoverThreshold)}.`);
    const began = rule.breachSince === null ? '' : ` after ${formatSeconds((rule.stateSince.getTime() - rule.breachSince.getTime()) / 1000)} (it began ${formatInstant(rule.breachSince, timeZone)})`;
    lines.push(
      rule.kind === 'silence'
        ? `Events are arriving again: recovered at ${formatInstant(rule.stateSince, timeZone)}${began}.`
        : rule.kind === 'anomaly'
          ? `Back within its usual band: recovered at ${formatInstant(rule.stateSince, timeZone)}${began}.`
          : `Back ${rule.direction === 'above' ? 'at or below' : 'at or above'} ${formatRuleValue(rule, rule.recoverThreshold)} (the recovery threshold): recovered at ${formatInstant(rule.stateSince, timeZone)}${began}.`,
    );
    return { kind: 'alert', title: `Recovered: ${headline(rule)}`, subtitle: `Alert #${rule.id}`, figures, notes, text: lines.join('\n') };
  }

  if (rule.mention) lines.push(mentionFor(rule.mention, platform));
  if (measured) {
    lines.push(`${describeMeasurement(rule, measured, rule.threshold)}.`);
  } else {
    lines.push(`No current value: ${rule.lastNote ?? 'not evaluated yet'}.`);
  }
  if (rule.state === 'firing' && rule.breachSince) {
    const held = formatSeconds((now.getTime() - rule.breachSince.getTime()) / 1000);
    lines.push(
      rule.kind === 'silence'
        ? `Silent during its usual active hours; alerting since ${formatInstant(rule.stateSince, timeZone)}.`
        : rule.kind === 'anomaly'
          ? `Outside its usual band for ${held} (since ${formatInstant(rule.breachSince, timeZone)}).`
          : `${rule.direction === 'above' ? 'Above' : 'Below'} ${formatRuleValue(rule, rule.threshold)} for ${held} (since ${formatInstant(rule.breachSince, timeZone)}).`,
    );
  }
  if (rule.kind === 'anomaly') notes.push(...anomalyNotes(rule, (await resolveRuleZone(rule, { db: ctx.db, cache: new MeasureCache(), timeZone })).zone));
  if (rule.kind === 'metric') {
    notes.push(`Clears ${rule.direction === 'above' ? 'at or below' : 'at or above'} ${formatRuleValue(rule, rule.recoverThreshold)}.`);
    notes.push(`Window: conversations started in the last ${describeSpan(rule.windowSeconds)}${rule.minConversations > 0 ? `; at least ${rule.minConversations} needed` : ''}.`);
  }
  notes.push(rule.renotifySeconds > 0 ? `Reminders every ${formatSeconds(rule.renotifySeconds)} until acknowledged.` : 'No reminders (renotify off).');

  const reply: Reply = {
    kind: 'alert',
    title: `${options.test ? 'Test: ' : kind === 'renotify' ? 'Still firing: ' : ''}${headline(rule)}`,
    subtitle: `Alert #${rule.id}${rule.state === 'firing' ? ` · firing since ${formatInstant(rule.stateSince, timeZone)}` : ` · ${rule.state.replace('_', ' ')}`}`,
    figures,
    notes,
    text: lines.join('\n'),
    actions: alertActions(rule, options.test === true),
  };
  if (options.test) notes.unshift(`This is a test of alert #${rule.id} (sent by \`alert test\`); it is ${rule.state.replace('_', ' ')}, and the numbers are its latest evaluation.`);
  try {
    reply.chart = await alertChart(rule, ctx);
  } catch (error) {
    ctx.logger.error('alert chart could not be built', { rule: rule.id, error });
    notes.push('The chart could not be drawn (the cause is in the botwatch log).');
  }
  return reply;
}

/** "unusually high", "unusually low", "unusual". */
const anomalyWay = (rule: AlertRule) => ({ up: 'unusually high', down: 'unusually low', both: 'unusual' })[rule.anomaly?.direction ?? 'both'];

/** How an anomaly rule judges, for the notes under a notification. */
function anomalyNotes(rule: AlertRule, zone: string): string[] {
  const a = rule.anomaly;
  if (a === undefined) return [];
  return [
    `Usual: the median of the same local hours of the week (${zone}) over up to ${maxBaselineWeeks} previous weeks, left out when an alert on it was firing; band at ${a.sensitivity} sensitivity (${sensitivityLevels[a.sensitivity].level * 100} % interval).`,
    `Clears when back within ${recoveryFraction * 100} % of the band's half-width.`,
    `Window: conversations started in the last ${describeSpan(rule.windowSeconds)}${rule.minConversations > 0 && rule.metric !== 'conversations' ? `; at least ${rule.minConversations} needed` : ''}.`,
  ];
}

/** Acknowledge and Mute 1 h, carrying the rule and its firing episode. */
export function alertActions(rule: Pick<AlertRule, 'id' | 'transitions'>, test = false): Action[] {
  return [
    { id: 'alert.acknowledge', label: 'Acknowledge', value: actionValue(rule, test), style: 'primary' },
    { id: 'alert.mute', label: 'Mute 1 h', value: actionValue(rule, test) },
  ];
}
