import type { Asker } from '../chat/destination.ts';
import { nearest } from '../commands/suggest.ts';
import { commandUsage } from '../commands/usage.ts';
import { listBots } from '../metrics/bot-info.ts';
import type { Reply } from '../replies/reply.ts';
import { parseDuration } from '../time/durations.ts';
import type { AlertRule } from './alert-rule.ts';
import { runAlertAdd, settingsText, whoIs } from './alert-add-command.ts';
import { listHistory, recordHistory } from './alert-history.ts';
import { alertHistoryReply, alertListReply } from './alert-list-reply.ts';
import type { AlertsContext } from './alerts-context.ts';
import { describeRule } from './describe-rule.ts';
import { MeasureCache } from './evaluation.ts';
import { formatInstant, notificationReply } from './notification-reply.ts';
import { deleteRule, findRule, listRules, muteRule, resumeDelivery, unmuteRule } from './rule-store.ts';
import { resolveRuleZone } from './rule-zone.ts';

const actions = ['add', 'list', 'remove', 'mute', 'unmute', 'history', 'test'] as const;
const maxMuteSeconds = 30 * 86_400;
const historyLength = 25;

const error = (title: string, text: string = commandUsage.alert ?? ''): Reply => ({ kind: 'error', title, figures: [], notes: [], text });

/** `#3` or `3` → 3. */
function parseRuleId(word: string | undefined): number | undefined {
  const m = /^#?(\d{1,12})$/.exec(word ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The `alert …` commands (docs/alerts.md). Who may run which is decided before (src/commands/permissions.ts). */
export async function runAlertCommand(command: { action: string; args: readonly string[] }, ctx: AlertsContext, asker: Asker | undefined): Promise<Reply> {
  const { action, args } = command;
  switch (action) {
    case 'add':
      return runAlertAdd(args, ctx, asker);
    case 'list':
      if (args.length > 0) return error(`alert list takes no arguments; unexpected "${args[0]}"`);
      return alertListReply(await listRules(ctx.db), await listBots(ctx.db), ctx.now(), ctx.timeZone);
    case 'history': {
      if (args.length > 1) return error('alert history takes at most one alert id');
      const id = args[0] === undefined ? undefined : parseRuleId(args[0]);
      if (args[0] !== undefined && id === undefined) return error(`"${args[0]}" is not an alert id (alert list shows them)`);
      return alertHistoryReply(await listHistory(ctx.db, { limit: historyLength, ...(id === undefined ? {} : { ruleId: id }) }), id, ctx.timeZone);
    }
    case 'remove':
    case 'mute':
    case 'unmute':
    case 'test':
      return runOnRule(action, args, ctx, asker);
  }
  const guess = nearest(action, actions);
  return error(`unknown alert command "${action}"${guess ? ` — did you mean alert ${guess}?` : ''}`);
}

async function runOnRule(action: 'remove' | 'mute' | 'unmute' | 'test', args: readonly string[], ctx: AlertsContext, asker: Asker | undefined): Promise<Reply> {
  const id = parseRuleId(args[0]);
  if (id === undefined) return error(args[0] === undefined ? `alert ${action} needs an alert id, e.g. alert ${action} 3${action === 'mute' ? ' 2h' : ''}` : `"${args[0]}" is not an alert id (alert list shows them)`);
  const extra = args.slice(action === 'mute' ? 2 : 1);
  if (extra.length > 0) return error(`unexpected "${extra[0]}" after alert ${action} ${args.slice(0, action === 'mute' ? 2 : 1).join(' ')}`);
  const now = ctx.now();
  const who = whoIs(asker);
  const missing = () => error(`there is no alert #${id} (alert list shows them)`, '');
  switch (action) {
    case 'remove': {
      const rule = await deleteRule(ctx.db, id);
      if (rule === undefined) return missing();
      await recordHistory(ctx.db, rule, 'removed', now, { detail: `by ${who}` });
      return { kind: 'info', title: `Alert #${id} removed`, figures: [], notes: [`It was: ${describeRule(rule)}. Its history stays readable for 90 days (alert history ${id}).`] };
    }
    case 'mute': {
      const seconds = args[1] === undefined ? 3600 : parseDuration(args[1]);
      if (seconds === undefined || seconds <= 0) return error(`"${args[1] ?? ''}" is not a duration; give e.g. alert mute ${id} 2h`);
      if (seconds > maxMuteSeconds) return error(`mute for at most 30 days (or alert remove ${id})`);
      const until = new Date(now.getTime() + seconds * 1000);
      const rule = await muteRule(ctx.db, id, until, who);
      if (rule === undefined) return missing();
      await recordHistory(ctx.db, rule, 'muted', now, { detail: `until ${formatInstant(until, ctx.timeZone)} by ${who}` });
      return { kind: 'info', title: `Alert #${id} muted until ${formatInstant(until, ctx.timeZone)}`, figures: [], notes: ['It is still evaluated (alert list, alert history); it posts nothing until then. alert unmute ends it early.'] };
    }
    case 'unmute': {
      const before = await findRule(ctx.db, id);
      const rule = await unmuteRule(ctx.db, id);
      if (rule === undefined || before === undefined) return missing();
      await recordHistory(ctx.db, rule, 'unmuted', now, { detail: `by ${who}${before.deliveryStoppedAt ? '; posting resumed' : ''}` });
      const notes = [rule.state === 'firing' ? 'It is firing: the channel is told at the next evaluation unless it was acknowledged.' : `It is ${rule.state.replace('_', ' ')}.`];
      if (before.deliveryStoppedAt) notes.push(`Posting had stopped (${before.deliveryStoppedReason ?? 'destination gone'}); it is tried again.`);
      return { kind: 'info', title: `Alert #${id} unmuted`, figures: [], notes };
    }
    case 'test':
      return runTest(id, ctx, who, now);
  }
}

/** `alert test <id>`: posts a sample notification to the rule's channel; a success also resumes a stopped rule. */
async function runTest(id: number, ctx: AlertsContext, who: string, now: Date): Promise<Reply> {
  const rule = await findRule(ctx.db, id);
  if (rule === undefined) return error(`there is no alert #${id} (alert list shows them)`, '');
  const where = destinationLabel(rule);
  const deliverer = ctx.deliverers[rule.destination.platform];
  if (deliverer === undefined) return error(`alert #${id} posts to ${rule.destination.platform}, which is not configured in this botwatch`, '');
  const reply = await notificationReply(rule, 'firing', { db: ctx.db, now, idleMinutes: ctx.idleMinutes, timeZone: ctx.timeZone, logger: ctx.logger }, { test: true });
  const result = await deliverer.deliver(rule.destination, reply);
  if (!result.ok) {
    await recordHistory(ctx.db, rule, 'test', now, { detail: `by ${who}: not posted (${result.kind}: ${result.reason})` });
    return error(`The test notification for alert #${id} could not be posted to ${where}`, `${result.kind === 'gone' ? 'botwatch can no longer post there (removed from the channel, or the app was uninstalled)' : result.kind === 'transient' ? 'the platform is busy or unreachable; try again in a minute' : 'the platform refused it'}: ${result.reason}`);
  }
  if (rule.deliveryStoppedAt !== null) await resumeDelivery(ctx.db, id);
  await recordHistory(ctx.db, rule, 'test', now, { detail: `by ${who}: posted (message ${result.messageId})${rule.deliveryStoppedAt ? '; posting resumed' : ''}` });
  return { kind: 'info', title: `Test notification for alert #${id} posted to ${where}`, figures: [], notes: [settingsText(rule, await resolveRuleZone(rule, { db: ctx.db, cache: new MeasureCache(), timeZone: ctx.timeZone })).split('\n')[0] ?? ''] };
}

const destinationLabel = (rule: AlertRule) => rule.destination.name ?? `${rule.destination.platform} ${rule.destination.channelId}`;
