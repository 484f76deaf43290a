import type { Deliverers, DeliveryResult } from '../chat/deliver.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { formatSeconds } from '../metrics/format.ts';
import { mapLimit } from './map-limit.ts';
import type { AlertRule, NotificationKind } from './alert-rule.ts';
import { recordHistory } from './alert-history.ts';
import { abandonNotification, claimNotification, completeNotification, listOwedNotifications, postponeNotification, stopDelivery } from './notification-claims.ts';
import { formatInstant, notificationReply } from './notification-reply.ts';

/** Attempts per notification before giving up on it (transient failures retry on later ticks). */
export const maxDeliveryAttempts = 5;
/** The longest wait between two attempts. */
const maxBackoffSeconds = 30 * 60;

export interface NotifyContext {
  db: Database;
  deliverers: Deliverers;
  logger: Logger;
  now: Date;
  idleMinutes: number;
  timeZone: string;
  /** Base of the retry backoff: the evaluation interval. */
  intervalSeconds: number;
  /** Notifications posted at once (each claimed on its own). */
  concurrency: number;
}

/** Posts every notification that is owed and due, each claimed first so one replica posts it. Returns how many were posted. */
export async function sendOwedNotifications(ctx: NotifyContext): Promise<number> {
  let posted = 0;
  await mapLimit(await listOwedNotifications(ctx.db, ctx.now), ctx.concurrency, async (id) => {
    try {
      if (await sendOne(id, ctx)) posted++;
    } catch (error) {
      // The claim's lease runs out and a later tick tries again.
      ctx.logger.error('alert notification failed', { rule: id, error });
    }
  });
  return posted;
}

async function sendOne(id: number, ctx: NotifyContext): Promise<boolean> {
  const { db, now, logger } = ctx;
  const rule = await claimNotification(db, id, now);
  if (rule === undefined) return false; // another replica has it
  const kind = rule.notifyKind as NotificationKind;
  if (kind === 'recovered' && rule.episodeMessageId === null) {
    await abandonNotification(db, rule, kind, now);
    await recordHistory(db, rule, 'suppressed', now, { detail: 'recovery not posted: the firing notification never reached the channel' });
    return false;
  }
  const deliverer = ctx.deliverers[rule.destination.platform];
  if (deliverer === undefined) {
    logger.warn('alert cannot be posted: its platform is not configured', { rule: rule.id, platform: rule.destination.platform });
    await abandonNotification(db, rule, kind, now);
    await recordHistory(db, rule, 'notify_failed', now, { detail: `${kind}: ${rule.destination.platform} is not configured in this botwatch` });
    return false;
  }
  const reply = await notificationReply(rule, kind, ctx);
  let result: DeliveryResult;
  try {
    result = await deliverer.deliver(rule.destination, reply, kind === 'recovered' && rule.episodeMessageId !== null ? { inReplyTo: rule.episodeMessageId } : undefined);
  } catch (error) {
    // A Deliverer should answer with a result; one that throws is treated as a transient failure.
    logger.error('alert deliverer threw', { rule: rule.id, platform: rule.destination.platform, error });
    result = { ok: false, kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
  }
  if (result.ok) {
    await completeNotification(db, rule, kind, result.messageId, reply, now);
    await recordHistory(db, rule, 'notified', now, { detail: `${kind} posted (message ${result.messageId})` });
    return true;
  }
  if (result.kind === 'gone') {
    logger.warn('alert destination is gone; notifications for the rule stop until it is fixed', { rule: rule.id, reason: result.reason });
    await stopDelivery(db, rule.id, result.reason, now);
    await recordHistory(db, rule, 'delivery_stopped', now, { detail: `${kind}: ${result.reason} — no notifications until fixed (alert unmute ${rule.id} or a successful alert test ${rule.id})` });
    return false;
  }
  if (result.kind === 'transient' && rule.notifyAttempts < maxDeliveryAttempts) {
    const backoff = Math.min(maxBackoffSeconds, ctx.intervalSeconds * 2 ** (rule.notifyAttempts - 1));
    const retryAt = new Date(now.getTime() + Math.max(backoff, result.retryAfterSeconds ?? 0) * 1000);
    logger.warn('alert notification failed; will retry', { rule: rule.id, attempt: rule.notifyAttempts, reason: result.reason });
    await postponeNotification(db, rule, kind, retryAt);
    await recordHistory(db, rule, 'notify_failed', now, { detail: `${kind}: ${result.reason} (attempt ${rule.notifyAttempts} of ${maxDeliveryAttempts}; retry ${formatInstant(retryAt, ctx.timeZone)})` });
    return false;
  }
  logger.error('alert notification given up', { rule: rule.id, attempts: rule.notifyAttempts, kind: result.kind, reason: result.reason });
  await abandonNotification(db, rule, kind, now);
  const reminder = kind !== 'recovered' && rule.renotifySeconds > 0 ? `; next try with the reminder in ${formatSeconds(rule.renotifySeconds)}` : '';
  await recordHistory(db, rule, 'notify_failed', now, { detail: `${kind}: ${result.reason} — gave up after ${rule.notifyAttempts} attempt${rule.notifyAttempts === 1 ? '' : 's'}${reminder}` });
  return false;
}

/** Why a rule that fired or recovered owes nothing (for its history), or undefined when it owes a notification. */
export function suppressionReason(rule: AlertRule, now: Date): string | undefined {
  if (rule.notifyKind !== null) return undefined;
  if (rule.deliveryStoppedAt !== null) return `delivery stopped: ${rule.deliveryStoppedReason ?? 'destination gone'}`;
  if (rule.mutedUntil !== null && rule.mutedUntil > now) return `muted until ${rule.mutedUntil.toISOString()}`;
  if (rule.state === 'ok') return 'the firing notification never reached the channel';
  return undefined;
}
