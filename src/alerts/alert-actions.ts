import type { ActionHandler, ActionOutcome } from '../chat/actions.ts';
import type { Asker } from '../chat/destination.ts';
import type { Queryable } from '../db/database.ts';
import type { Reply } from '../replies/reply.ts';
import type { AlertRule } from './alert-rule.ts';
import { whoIs } from './alert-add-command.ts';
import { recordHistory } from './alert-history.ts';
import type { AlertsContext } from './alerts-context.ts';
import { formatInstant } from './notification-reply.ts';
import { findRule, muteRule, toRule } from './rule-store.ts';
import type { RuleRow } from './rule-store.ts';

/** The Mute button's length (the button reads "Mute 1 h"). */
const buttonMuteSeconds = 3600;

const answer = (kind: Reply['kind'], title: string, notes: string[] = []): ActionOutcome => ({ reply: { kind, title, figures: [], notes } });

/** A button value: `<rule>:<episode>` (episode = the firing transition count) or `<rule>:test`. */
function parseValue(value: string): { ruleId: number; episode: number | 'test' } | undefined {
  const m = /^(\d{1,12}):(\d{1,9}|test)$/.exec(value);
  if (!m) return undefined;
  return { ruleId: Number(m[1]), episode: m[2] === 'test' ? 'test' : Number(m[2]) };
}

/**
 * The buttons on alert notifications: Acknowledge (records who and when; no reminders until the
 * state changes) and Mute 1 h (no notifications for an hour; evaluation goes on). Anyone who can
 * see the notification may press them: they are incident responses, not settings. A press acts
 * only on a rule of the conversation it came from: a button value is plain text a client could
 * forge for another channel's rule.
 */
export function alertActionHandlers(ctx: AlertsContext): Record<string, ActionHandler> {
  return {
    'alert.acknowledge': (action, asker) => acknowledge(action.value, asker, ctx),
    'alert.mute': (action, asker) => muteForAnHour(action.value, asker, ctx),
  };
}

async function acknowledge(value: string, asker: Asker, ctx: AlertsContext): Promise<ActionOutcome> {
  const parsed = parseValue(value);
  if (parsed === undefined) return answer('error', 'That button could not be read.', [`Unexpected value "${value.slice(0, 40)}".`]);
  const refused = await refuseOtherConversation(parsed.ruleId, asker, ctx);
  if (refused) return refused;
  if (parsed.episode === 'test') return answer('info', `That was a test of alert #${parsed.ruleId}: nothing to acknowledge.`);
  const now = ctx.now();
  const who = whoIs(asker);
  const [row] = await ctx.db.query<RuleRow>(
    `UPDATE alert_rules SET acknowledged_by = $2, acknowledged_at = $3
     WHERE id = $1 AND state = 'firing' AND transitions = $4 AND acknowledged_at IS NULL RETURNING *`,
    [parsed.ruleId, who, now, parsed.episode],
  );
  if (row === undefined) return whyNot(parsed.ruleId, parsed.episode, 'acknowledge', ctx);
  const rule = toRule(row);
  await recordHistory(ctx.db, rule, 'acknowledged', now, { detail: `by ${who}` });
  const outcome = answer('info', `Alert #${rule.id} acknowledged`, ['No reminders until it changes state; its recovery is still posted.']);
  const updated = await updateEpisodeMessage(ctx.db, rule, parsed.episode, `Acknowledged by ${who} at ${formatInstant(now, ctx.timeZone)}.`, 'alert.acknowledge');
  return updated ? { ...outcome, updatedMessage: updated } : outcome;
}

async function muteForAnHour(value: string, asker: Asker, ctx: AlertsContext): Promise<ActionOutcome> {
  const parsed = parseValue(value);
  if (parsed === undefined) return answer('error', 'That button could not be read.', [`Unexpected value "${value.slice(0, 40)}".`]);
  const refused = await refuseOtherConversation(parsed.ruleId, asker, ctx);
  if (refused) return refused;
  const now = ctx.now();
  const who = whoIs(asker);
  const until = new Date(now.getTime() + buttonMuteSeconds * 1000);
  const rule = await muteRule(ctx.db, parsed.ruleId, until, who);
  if (rule === undefined) return answer('error', `Alert #${parsed.ruleId} no longer exists.`);
  await recordHistory(ctx.db, rule, 'muted', now, { detail: `until ${formatInstant(until, ctx.timeZone)} by ${who} (button)` });
  const outcome = answer('info', `Alert #${rule.id} muted until ${formatInstant(until, ctx.timeZone)}`, ['It is still evaluated; it posts nothing until then.']);
  if (parsed.episode === 'test') return outcome;
  const updated = await updateEpisodeMessage(ctx.db, rule, parsed.episode, `Muted by ${who} until ${formatInstant(until, ctx.timeZone)}.`, 'alert.mute');
  return updated ? { ...outcome, updatedMessage: updated } : outcome;
}

/**
 * The firing message as it should now read (a note added, the pressed button gone), kept on the
 * rule so a later press builds on it. Undefined when the button was not on this episode's message.
 */
async function updateEpisodeMessage(db: Queryable, rule: AlertRule, episode: number, note: string, pressed: string): Promise<Reply | undefined> {
  if (rule.transitions !== episode || rule.episodeReply === null) return undefined;
  const reply: Reply = { ...rule.episodeReply, notes: [note, ...rule.episodeReply.notes] };
  const remaining = (rule.episodeReply.actions ?? []).filter((a) => a.id !== pressed);
  if (remaining.length > 0) reply.actions = remaining;
  else delete reply.actions;
  await db.query('UPDATE alert_rules SET episode_reply = $2::jsonb WHERE id = $1 AND transitions = $3', [rule.id, JSON.stringify(reply), episode]);
  return reply;
}

async function whyNot(ruleId: number, episode: number, what: string, ctx: AlertsContext): Promise<ActionOutcome> {
  const rule = await findRule(ctx.db, ruleId);
  if (rule === undefined) return answer('error', `Alert #${ruleId} no longer exists.`);
  if (rule.transitions !== episode || rule.state !== 'firing') {
    return answer('info', `Alert #${ruleId} is no longer firing that episode: nothing to ${what}.`, [`It is ${rule.state.replace('_', ' ')} since ${formatInstant(rule.stateSince, ctx.timeZone)}.`]);
  }
  return answer('info', `Alert #${ruleId} was already acknowledged by ${rule.acknowledgedBy ?? 'someone'}${rule.acknowledgedAt ? ` at ${formatInstant(rule.acknowledgedAt, ctx.timeZone)}` : ''}.`);
}

/** An error outcome when rule `ruleId` is missing or notifies another conversation than the asker's. */
async function refuseOtherConversation(ruleId: number, asker: Asker, ctx: AlertsContext): Promise<ActionOutcome | undefined> {
  const rule = await findRule(ctx.db, ruleId);
  if (rule === undefined) return answer('error', `Alert #${ruleId} no longer exists.`);
  const here = asker.destination;
  if (rule.destination.platform === here.platform && rule.destination.channelId === here.channelId) return undefined;
  ctx.logger.warn('alert button refused: the rule notifies another conversation', { rule: ruleId, platform: here.platform, channel: here.channelId });
  return answer('error', `Alert #${ruleId} does not notify this conversation.`, ['Its buttons work only where its notifications are posted.']);
}
