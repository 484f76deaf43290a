import type { Destination } from '../chat/destination.ts';
import type { Queryable } from '../db/database.ts';
import type { Reply } from '../replies/reply.ts';
import type { AlertRule, AlertState, AnomalySettings, NotificationKind, RuleKind, RuleSettings } from './alert-rule.ts';

/** An `alert_rules` row as both engines return it. */
export interface RuleRow {
  id: number;
  kind: RuleKind;
  metric: string;
  bot_id: string | null;
  versions: string[];
  channels: string[];
  intents: string[];
  flows: string[];
  score_name: string | null;
  direction: 'above' | 'below';
  threshold: number;
  recover_threshold: number;
  window_seconds: number;
  min_conversations: number;
  for_seconds: number;
  renotify_seconds: number;
  mention: string | null;
  destination: Destination;
  created_by: string | null;
  created_at: Date;
  state: AlertState;
  transitions: number;
  state_since: Date;
  breach_since: Date | null;
  last_evaluated_at: Date | null;
  last_value: number | null;
  last_numerator: number | null;
  last_denominator: number | null;
  last_sample: number | null;
  last_note: string | null;
  last_error: string | null;
  last_error_at: Date | null;
  episode_message_id: string | null;
  episode_reply: Reply | null;
  last_notified_at: Date | null;
  notify_kind: NotificationKind | null;
  notify_attempts: number;
  notify_due_at: Date | null;
  notify_lease_until: Date | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  muted_until: Date | null;
  muted_by: string | null;
  delivery_stopped_at: Date | null;
  delivery_stopped_reason: string | null;
  anomaly_direction: AnomalySettings['direction'] | null;
  sensitivity: AnomalySettings['sensitivity'] | null;
  time_zone: string | null;
}

/** Maps a row to a rule. */
export function toRule(r: RuleRow): AlertRule {
  return {
    id: r.id,
    kind: r.kind,
    metric: r.metric,
    botId: r.bot_id,
    filter: { versions: r.versions, channels: r.channels, intents: r.intents, flows: r.flows, ...(r.score_name !== null ? { score: r.score_name } : {}) },
    direction: r.direction,
    threshold: r.threshold,
    recoverThreshold: r.recover_threshold,
    windowSeconds: r.window_seconds,
    minConversations: r.min_conversations,
    forSeconds: r.for_seconds,
    renotifySeconds: r.renotify_seconds,
    mention: r.mention,
    destination: r.destination,
    createdBy: r.created_by,
    createdAt: r.created_at,
    state: r.state,
    transitions: r.transitions,
    stateSince: r.state_since,
    breachSince: r.breach_since,
    lastEvaluatedAt: r.last_evaluated_at,
    lastValue: r.last_value,
    lastNumerator: r.last_numerator,
    lastDenominator: r.last_denominator,
    lastSample: r.last_sample,
    lastNote: r.last_note,
    lastError: r.last_error,
    lastErrorAt: r.last_error_at,
    episodeMessageId: r.episode_message_id,
    episodeReply: r.episode_reply,
    lastNotifiedAt: r.last_notified_at,
    notifyKind: r.notify_kind,
    notifyAttempts: r.notify_attempts,
    notifyDueAt: r.notify_due_at,
    notifyLeaseUntil: r.notify_lease_until,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    mutedUntil: r.muted_until,
    mutedBy: r.muted_by,
    deliveryStoppedAt: r.delivery_stopped_at,
    deliveryStoppedReason: r.delivery_stopped_reason,
    ...(r.kind === 'anomaly' ? { anomaly: { direction: r.anomaly_direction ?? 'both', sensitivity: r.sensitivity ?? 'medium', timeZone: r.time_zone } } : {}),
  };
}

/** Stores a new rule (state ok) and returns it. */
export async function insertRule(db: Queryable, s: RuleSettings, createdBy: string | null, now: Date): Promise<AlertRule> {
  const [row] = await db.query<RuleRow>(
    `INSERT INTO alert_rules (kind, metric, bot_id, versions, channels, intents, flows, direction, threshold, recover_threshold,
       window_seconds, min_conversations, for_seconds, renotify_seconds, mention, destination, created_by, created_at, state_since,
       anomaly_direction, sensitivity, time_zone, score_name)
     VALUES ($1, $2, $3, $4::text[], $5::text[], $6::text[], $7::text[], $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18, $18, $19, $20, $21, $22)
     RETURNING *`,
    [s.kind, s.metric, s.botId, s.filter.versions, s.filter.channels, s.filter.intents, s.filter.flows, s.direction, s.threshold, s.recoverThreshold,
      s.windowSeconds, s.minConversations, s.forSeconds, s.renotifySeconds, s.mention, JSON.stringify(s.destination), createdBy, now,
      s.anomaly?.direction ?? null, s.anomaly?.sensitivity ?? null, s.anomaly?.timeZone ?? null, s.filter.score ?? null],
  );
  return toRule(row!);
}

/** Every rule, by id. */
export async function listRules(db: Queryable): Promise<AlertRule[]> {
  return (await db.query<RuleRow>('SELECT * FROM alert_rules ORDER BY id')).map(toRule);
}

/** One rule, or undefined. */
export async function findRule(db: Queryable, id: number): Promise<AlertRule | undefined> {
  const [row] = await db.query<RuleRow>('SELECT * FROM alert_rules WHERE id = $1', [id]);
  return row ? toRule(row) : undefined;
}

/** The silence rule for a bot posting to a destination, if there is one. */
export async function findSilenceRule(db: Queryable, botId: string, destination: Destination): Promise<AlertRule | undefined> {
  const [row] = await db.query<RuleRow>(
    `SELECT * FROM alert_rules WHERE kind = 'silence' AND bot_id = $1 AND destination->>'platform' = $2 AND destination->>'channelId' = $3 ORDER BY id LIMIT 1`,
    [botId, destination.platform, destination.channelId],
  );
  return row ? toRule(row) : undefined;
}

/** Deletes a rule; returns it as it was, or undefined when there was none. */
export async function deleteRule(db: Queryable, id: number): Promise<AlertRule | undefined> {
  const [row] = await db.query<RuleRow>('DELETE FROM alert_rules WHERE id = $1 RETURNING *', [id]);
  return row ? toRule(row) : undefined;
}

/** Mutes a rule's notifications until `until`; returns the rule, or undefined when there is none. */
export async function muteRule(db: Queryable, id: number, until: Date, by: string): Promise<AlertRule | undefined> {
  const [row] = await db.query<RuleRow>('UPDATE alert_rules SET muted_until = $2, muted_by = $3 WHERE id = $1 RETURNING *', [id, until, by]);
  return row ? toRule(row) : undefined;
}

/** Ends a mute, and lifts a delivery stop (someone says the destination is fixed). */
export async function unmuteRule(db: Queryable, id: number): Promise<AlertRule | undefined> {
  const [row] = await db.query<RuleRow>(
    'UPDATE alert_rules SET muted_until = NULL, muted_by = NULL, delivery_stopped_at = NULL, delivery_stopped_reason = NULL WHERE id = $1 RETURNING *',
    [id],
  );
  return row ? toRule(row) : undefined;
}

/** Lifts a delivery stop after a notification reached the destination again. */
export async function resumeDelivery(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE alert_rules SET delivery_stopped_at = NULL, delivery_stopped_reason = NULL WHERE id = $1', [id]);
}

/** One evaluation's outcome that changed no state: what `alert list` shows as the current value. */
export interface Observation {
  id: number;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  sample: number | null;
  note: string | null;
}

/** Writes the latest evaluation of many rules in one statement (no state changes; last writer wins). */
export async function recordObservations(db: Queryable, observations: readonly Observation[], now: Date): Promise<void> {
  if (observations.length === 0) return;
  await db.query(
    `UPDATE alert_rules r SET last_evaluated_at = $1, last_value = o.value, last_numerator = o.numerator, last_denominator = o.denominator,
       last_sample = o.sample, last_note = o.note, last_error = NULL, last_error_at = NULL
     FROM unnest($2::bigint[], $3::float8[], $4::float8[], $5::float8[], $6::integer[], $7::text[]) AS o(id, value, numerator, denominator, sample, note)
     WHERE r.id = o.id`,
    [now, observations.map((o) => o.id), observations.map((o) => o.value), observations.map((o) => o.numerator), observations.map((o) => o.denominator), observations.map((o) => o.sample), observations.map((o) => o.note)],
  );
}

/** Records that rules could not be evaluated (their state is left as it was). */
export async function recordEvaluationErrors(db: Queryable, errors: readonly { id: number; message: string }[], now: Date): Promise<void> {
  if (errors.length === 0) return;
  await db.query(
    `UPDATE alert_rules r SET last_error = e.message, last_error_at = $1
     FROM unnest($2::bigint[], $3::text[]) AS e(id, message) WHERE r.id = e.id`,
    [now, errors.map((e) => e.id), errors.map((e) => e.message)],
  );
}
