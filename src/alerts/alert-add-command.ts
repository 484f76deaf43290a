import type { Asker } from '../chat/destination.ts';
import { commandUsage } from '../commands/usage.ts';
import { listBots } from '../metrics/bot-info.ts';
import { formatCount, formatSeconds } from '../metrics/format.ts';
import type { Reply } from '../replies/reply.ts';
import { describeSpan } from '../time/durations.ts';
import type { ResolvedZone } from '../time/local-zone.ts';
import type { AlertRule } from './alert-rule.ts';
import { recordHistory } from './alert-history.ts';
import { anomalySettingsText } from './anomaly-settings-text.ts';
import type { AlertsContext } from './alerts-context.ts';
import { describeMeasurement, describeRule, formatRuleValue } from './describe-rule.ts';
import { MeasureCache } from './evaluation.ts';
import { measureRule } from './measure-rule.ts';
import { parseAlertAdd, silenceSettings } from './parse-alert-add.ts';
import { findSilenceRule, insertRule } from './rule-store.ts';
import { resolveRuleZone } from './rule-zone.ts';

/** Who did something, for history and messages. */
export const whoIs = (asker: Asker | undefined): string => (asker ? (asker.displayName ?? asker.userId) : 'the terminal');

/**
 * `alert add …`: stores the rule for the conversation it was typed in. A metric rule on one bot
 * also gets that bot watched for silence in the same channel (once per bot and channel), since a
 * bot that stops sending altogether would otherwise only leave its rules without data.
 */
export async function runAlertAdd(args: readonly string[], ctx: AlertsContext, asker: Asker | undefined): Promise<Reply> {
  if (asker === undefined) {
    return { kind: 'error', title: 'alert add needs a chat channel to notify', figures: [], notes: [], text: 'Add alerts from Slack, Teams or the local console: the rule notifies the conversation it was added in.' };
  }
  const knownBots = (await listBots(ctx.db)).map((b) => b.botId);
  const parsed = parseAlertAdd(args, { knownBots, destination: asker.destination, silenceSeconds: ctx.silenceSeconds, intervalSeconds: ctx.intervalSeconds, timeZone: ctx.timeZone });
  if ('error' in parsed) return { kind: 'error', title: parsed.error, figures: [], notes: [], text: commandUsage.alert };
  const now = ctx.now();
  const who = whoIs(asker);
  const rule = await insertRule(ctx.db, parsed.settings, who, now);
  await recordHistory(ctx.db, rule, 'added', now, { detail: `by ${who}` });
  const notes: string[] = [];

  if (rule.kind !== 'silence' && rule.botId !== null && (await findSilenceRule(ctx.db, rule.botId, rule.destination)) === undefined) {
    const silence = await insertRule(ctx.db, silenceSettings(rule.botId, ctx.silenceSeconds, rule.destination, { renotifySeconds: rule.renotifySeconds, mention: rule.mention }), who, now);
    await recordHistory(ctx.db, silence, 'added', now, { detail: `by ${who}, with alert #${rule.id}` });
    notes.push(`${rule.botId} is also watched for silence here: alert #${silence.id} fires when it sends no events for ${formatSeconds(silence.threshold)} during its usual active hours (alert remove ${silence.id} to stop).`);
  }
  notes.push(await currentValue(rule, ctx, now));
  return {
    kind: 'info',
    title: `Alert #${rule.id} added: ${describeRule(rule).replace(/^#\d+ /, '')}`,
    subtitle: `Notifies ${rule.destination.name ?? 'this conversation'}${rule.mention ? `, mentioning ${rule.mention}` : ''}`,
    figures: [],
    text: settingsText(rule, await resolveRuleZone(rule, { db: ctx.db, cache: new MeasureCache(), timeZone: ctx.timeZone })),
    notes,
  };
}

/** The rule's settings, defaults included, one per line (`zone`: an anomaly rule's local week, see resolveRuleZone). */
export function settingsText(rule: AlertRule, zone: ResolvedZone): string {
  if (rule.kind === 'silence') {
    return [`Fires when ${rule.botId ?? 'the bot'} sends no events for ${formatSeconds(rule.threshold)} during its usual active hours; clears when events arrive.`, reminders(rule)].join('\n');
  }
  if (rule.kind === 'anomaly') return [anomalySettingsText(rule, zone), reminders(rule)].join('\n');
  return [
    `Fires when ${describeRule(rule).replace(/^#\d+ /, '')} for ${formatSeconds(rule.forSeconds)}${rule.forSeconds === 0 ? ' (at once)' : ''}.`,
    `Clears ${rule.direction === 'above' ? 'at or below' : 'at or above'} ${formatRuleValue(rule, rule.recoverThreshold)}.`,
    `Window: conversations started in the last ${describeSpan(rule.windowSeconds)}${rule.minConversations > 0 ? `; no alert with fewer than ${formatCount(rule.minConversations)}` : ''}.`,
    reminders(rule),
  ].join('\n');
}

const reminders = (rule: AlertRule) => (rule.renotifySeconds > 0 ? `Reminders every ${formatSeconds(rule.renotifySeconds)} while firing and unacknowledged.` : 'No reminders.');

async function currentValue(rule: AlertRule, ctx: AlertsContext, now: Date): Promise<string> {
  try {
    const e = await measureRule(rule, { db: ctx.db, now, idleMinutes: ctx.idleMinutes, cache: new MeasureCache(), timeZone: ctx.timeZone });
    if (e.kind === 'insufficient') return `Now: ${e.reason}.`;
    return `Now: ${describeMeasurement(rule, e, rule.threshold)}${rule.kind === 'anomaly' ? (e.breach ? ' — outside the band' : ' — within the band') : ''}.`;
  } catch (error) {
    ctx.logger.error('alert rule could not be measured', { rule: rule.id, error });
    return `Now: could not be measured (the cause is in the botwatch log); the evaluator tries again every ${formatSeconds(ctx.intervalSeconds)}.`;
  }
}
