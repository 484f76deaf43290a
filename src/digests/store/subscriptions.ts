import type { Destination, Platform } from '../../chat/destination.ts';
import type { Queryable } from '../../db/database.ts';
import type { ScheduledSubscription } from '../compute-due-slots.ts';
import type { DigestSchedule } from '../schedule.ts';
import type { Subscription } from '../subscription.ts';

interface SubscriptionRow {
  id: number;
  platform: Platform;
  channel_id: string;
  workspace_id: string | null;
  channel_name: string | null;
  cadence: 'daily' | 'weekly';
  weekday: number | null;
  hour: number;
  minute: number;
  time_zone: string;
  bots: string[];
  metrics: string[];
  created_by: string;
  created_at: Date;
  active_since: Date;
  paused_at: Date | null;
  paused_reason: string | null;
  paused_by: string | null;
}

const columns = 'id, platform, channel_id, workspace_id, channel_name, cadence, weekday, hour, minute, time_zone, bots, metrics, created_by, created_at, active_since, paused_at, paused_reason, paused_by';

function toSchedule(row: Pick<SubscriptionRow, 'cadence' | 'weekday' | 'hour' | 'minute' | 'time_zone'>): DigestSchedule {
  return { cadence: row.cadence, ...(row.weekday !== null ? { weekday: row.weekday } : {}), hour: row.hour, minute: row.minute, timeZone: row.time_zone };
}

function toSubscription(row: SubscriptionRow): Subscription {
  const destination: Destination = {
    platform: row.platform,
    channelId: row.channel_id,
    ...(row.workspace_id !== null ? { workspaceId: row.workspace_id } : {}),
    ...(row.channel_name !== null ? { name: row.channel_name } : {}),
  };
  return {
    id: Number(row.id),
    destination,
    schedule: toSchedule(row),
    bots: row.bots,
    metrics: row.metrics,
    createdBy: row.created_by,
    createdAt: row.created_at,
    activeSince: row.active_since,
    pausedAt: row.paused_at,
    pausedReason: row.paused_reason,
    pausedBy: row.paused_by,
  };
}

export interface NewSubscription {
  destination: Destination;
  schedule: DigestSchedule;
  bots: string[];
  metrics: string[];
  createdBy: string;
}

/** Stores a subscription, active from `now`. */
export async function insertSubscription(db: Queryable, s: NewSubscription, now: Date): Promise<Subscription> {
  const [row] = await db.query<SubscriptionRow>(
    `INSERT INTO digest_subscriptions (platform, channel_id, workspace_id, channel_name, cadence, weekday, hour, minute, time_zone, bots, metrics, created_by, created_at, active_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
     RETURNING ${columns}`,
    [s.destination.platform, s.destination.channelId, s.destination.workspaceId ?? null, s.destination.name ?? null, s.schedule.cadence, s.schedule.weekday ?? null, s.schedule.hour, s.schedule.minute, s.schedule.timeZone, s.bots, s.metrics, s.createdBy, now],
  );
  return toSubscription(row!);
}

/** A subscription that has not been removed. */
export async function findSubscription(db: Queryable, id: number): Promise<Subscription | undefined> {
  const [row] = await db.query<SubscriptionRow>(`SELECT ${columns} FROM digest_subscriptions WHERE id = $1 AND removed_at IS NULL`, [id]);
  return row ? toSubscription(row) : undefined;
}

/** The subscriptions posting to a channel (or everywhere), oldest first. */
export async function listSubscriptions(db: Queryable, channel?: Pick<Destination, 'platform' | 'channelId'>): Promise<Subscription[]> {
  const rows = channel
    ? await db.query<SubscriptionRow>(`SELECT ${columns} FROM digest_subscriptions WHERE removed_at IS NULL AND platform = $1 AND channel_id = $2 ORDER BY id`, [channel.platform, channel.channelId])
    : await db.query<SubscriptionRow>(`SELECT ${columns} FROM digest_subscriptions WHERE removed_at IS NULL ORDER BY id`);
  return rows.map(toSubscription);
}

/** Removes a subscription (its run history stays until it ages out). False when there was none. */
export async function removeSubscription(db: Queryable, id: number, now: Date): Promise<boolean> {
  const rows = await db.query('UPDATE digest_subscriptions SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL RETURNING id', [id, now]);
  return rows.length > 0;
}

/** Who pauses a subscription when one of its destinations is gone. */
export const pausedByBotwatch = 'botwatch';

/** Pauses an active subscription, saying why and who. False when it was already paused (or removed). */
export async function pauseSubscription(db: Queryable, id: number, pause: { reason: string; by: string }, now: Date): Promise<boolean> {
  const rows = await db.query(
    'UPDATE digest_subscriptions SET paused_at = $2, paused_reason = $3, paused_by = $4 WHERE id = $1 AND removed_at IS NULL AND paused_at IS NULL RETURNING id',
    [id, now, pause.reason, pause.by],
  );
  return rows.length > 0;
}

/** Resumes a paused subscription; slots that passed while it was paused are not owed. */
export async function resumeSubscription(db: Queryable, id: number, now: Date): Promise<boolean> {
  const rows = await db.query(
    'UPDATE digest_subscriptions SET paused_at = NULL, paused_reason = NULL, paused_by = NULL, active_since = $2 WHERE id = $1 AND removed_at IS NULL AND paused_at IS NOT NULL RETURNING id',
    [id, now],
  );
  return rows.length > 0;
}

/** Active subscriptions with the latest slot already recorded for each: what the scheduler plans from. */
export async function scheduledSubscriptions(db: Queryable): Promise<ScheduledSubscription[]> {
  const rows = await db.query<Pick<SubscriptionRow, 'id' | 'cadence' | 'weekday' | 'hour' | 'minute' | 'time_zone' | 'active_since'> & { last_slot: Date | null }>(
    `SELECT s.id, s.cadence, s.weekday, s.hour, s.minute, s.time_zone, s.active_since,
       (SELECT max(r.scheduled_for) FROM digest_runs r WHERE r.subscription_id = s.id AND r.trigger = 'schedule') AS last_slot
     FROM digest_subscriptions s
     WHERE s.removed_at IS NULL AND s.paused_at IS NULL`,
  );
  return rows.map((r) => ({ id: Number(r.id), schedule: toSchedule(r), activeSince: r.active_since, lastSlot: r.last_slot }));
}

/** Forgets subscriptions removed before `cutoff` once none of their runs is left in the history. */
export async function deleteRemovedSubscriptions(db: Queryable, cutoff: Date): Promise<number> {
  const rows = await db.query(`DELETE FROM digest_subscriptions s WHERE s.removed_at < $1 AND NOT EXISTS (SELECT 1 FROM digest_runs r WHERE r.subscription_id = s.id) RETURNING id`, [cutoff]);
  return rows.length;
}
