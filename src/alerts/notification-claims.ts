import type { Queryable } from '../db/database.ts';
import type { Reply } from '../replies/reply.ts';
import type { AlertRule, NotificationKind } from './alert-rule.ts';
import { toRule } from './rule-store.ts';
import type { RuleRow } from './rule-store.ts';

/** How long a replica holds an owed notification while it posts it (then another may try). */
export const notificationLeaseSeconds = 120;

/** Rules owing a notification that is due and not being posted by anyone. */
export async function listOwedNotifications(db: Queryable, now: Date): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM alert_rules
     WHERE notify_kind IS NOT NULL AND notify_due_at <= $1 AND (notify_lease_until IS NULL OR notify_lease_until <= $1)
     ORDER BY notify_due_at, id`,
    [now],
  );
  return rows.map((r) => r.id);
}

/** Claims a rule's owed notification for this replica (one statement; one replica gets the row). */
export async function claimNotification(db: Queryable, id: number, now: Date): Promise<AlertRule | undefined> {
  const [row] = await db.query<RuleRow>(
    `UPDATE alert_rules SET notify_lease_until = $2::timestamptz + make_interval(secs => $3), notify_attempts = notify_attempts + 1
     WHERE id = $1 AND notify_kind IS NOT NULL AND notify_due_at <= $2 AND (notify_lease_until IS NULL OR notify_lease_until <= $2)
     RETURNING *`,
    [id, now, notificationLeaseSeconds],
  );
  return row ? toRule(row) : undefined;
}

/**
 * Records a posted notification. The firing message's id is kept for the recovery reply (also
 * when the rule recovered while it was being posted: that reply is then still owed). Anything the
 * rule came to owe meanwhile stays owed.
 */
export async function completeNotification(db: Queryable, claimed: AlertRule, kind: NotificationKind, messageId: string, reply: Reply, now: Date): Promise<void> {
  await db.query(
    `UPDATE alert_rules SET
       episode_message_id = CASE WHEN $6 AND episode_message_id IS NULL AND (transitions = $3 OR (transitions = $3 + 1 AND state <> 'firing')) THEN $4 ELSE episode_message_id END,
       episode_reply = CASE WHEN $6 AND episode_message_id IS NULL AND (transitions = $3 OR (transitions = $3 + 1 AND state <> 'firing')) THEN $5::jsonb ELSE episode_reply END,
       last_notified_at = CASE WHEN transitions = $3 THEN $2 ELSE last_notified_at END,
       notify_attempts = CASE WHEN transitions = $3 AND notify_kind = $7 THEN 0 ELSE notify_attempts END,
       notify_kind = CASE WHEN transitions = $3 AND notify_kind = $7 THEN NULL ELSE notify_kind END,
       notify_lease_until = NULL
     WHERE id = $1`,
    [claimed.id, now, claimed.transitions, messageId, JSON.stringify(reply), kind !== 'recovered', kind],
  );
}

/** A transient failure: try again at `retryAt` (a later tick), unless the rule moved on meanwhile. */
export async function postponeNotification(db: Queryable, claimed: AlertRule, kind: NotificationKind, retryAt: Date): Promise<void> {
  await db.query(
    `UPDATE alert_rules SET notify_lease_until = NULL, notify_due_at = CASE WHEN transitions = $3 AND notify_kind = $4 THEN $2 ELSE notify_due_at END WHERE id = $1`,
    [claimed.id, retryAt, claimed.transitions, kind],
  );
}

/**
 * Gives up on an owed notification (attempts exhausted, a request the platform refused, nowhere to
 * post). Counts as this episode's last notification, so a reminder comes only after the interval.
 */
export async function abandonNotification(db: Queryable, claimed: AlertRule, kind: NotificationKind, now: Date): Promise<void> {
  await db.query(
    `UPDATE alert_rules SET
       notify_lease_until = NULL,
       last_notified_at = CASE WHEN transitions = $3 THEN $2 ELSE last_notified_at END,
       notify_attempts = CASE WHEN transitions = $3 AND notify_kind = $4 THEN 0 ELSE notify_attempts END,
       notify_kind = CASE WHEN transitions = $3 AND notify_kind = $4 THEN NULL ELSE notify_kind END
     WHERE id = $1`,
    [claimed.id, now, claimed.transitions, kind],
  );
}

/** The destination is gone (bot removed, app uninstalled): no notifications for the rule until it is fixed. */
export async function stopDelivery(db: Queryable, id: number, reason: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE alert_rules SET delivery_stopped_at = $2, delivery_stopped_reason = $3, notify_kind = NULL, notify_attempts = 0, notify_lease_until = NULL WHERE id = $1`,
    [id, now, reason],
  );
}
