import type { Queryable } from '../db/database.ts';
import type { AlertRule } from './alert-rule.ts';
import { ruleSnapshotColumns } from './alert-history.ts';
import type { Decision } from './decide-transition.ts';
import type { Evaluation } from './evaluation.ts';
import { toRule } from './rule-store.ts';
import type { RuleRow } from './rule-store.ts';

const notMuted = '(muted_until IS NULL OR muted_until <= $4)';

/**
 * Moves a rule to its next state — decided and written in one conditional statement, with its
 * history entry (a transition is written in Postgres in the same statement that
 * decides it, so one replica notifies). Matches only while the rule is still in the state and at
 * the transition count this replica read; of replicas racing, one gets the row and the others
 * nothing. The same statement records what the channel is owed:
 *
 * - to firing: the firing notification (unless muted or delivery is stopped);
 * - firing → ok: the recovery reply, when the firing message was posted (or is being posted).
 */
export async function claimTransition(db: Queryable, rule: AlertRule, decision: Decision, evaluation: Evaluation, now: Date): Promise<AlertRule | undefined> {
  const measured = evaluation.kind === 'measured' ? evaluation : undefined;
  const toFiring = decision.to === 'firing';
  const fromFiring = rule.state === 'firing';
  const [row] = await db.query<RuleRow>(
    `WITH moved AS (
       UPDATE alert_rules SET
         state = $3, transitions = transitions + 1, state_since = $4,
         -- After a recovery it keeps when the episode began (the recovery reply says how long it lasted).
         breach_since = CASE WHEN $13 THEN breach_since ELSE $5 END,
         last_evaluated_at = $4, last_value = $6, last_numerator = $7, last_denominator = $8, last_sample = $9, last_note = $10,
         last_error = NULL, last_error_at = NULL,
         acknowledged_by = NULL, acknowledged_at = NULL,
         episode_message_id = CASE WHEN $12 THEN NULL ELSE episode_message_id END,
         episode_reply = CASE WHEN $12 THEN NULL ELSE episode_reply END,
         last_notified_at = CASE WHEN $12 THEN NULL ELSE last_notified_at END,
         notify_kind = CASE
           WHEN $12 THEN CASE WHEN ${notMuted} AND delivery_stopped_at IS NULL THEN 'firing' END
           WHEN $13 THEN CASE WHEN ${notMuted} AND delivery_stopped_at IS NULL AND (episode_message_id IS NOT NULL OR notify_lease_until > $4) THEN 'recovered' END
           ELSE notify_kind END,
         notify_attempts = CASE WHEN $12 OR $13 THEN 0 ELSE notify_attempts END,
         notify_due_at = CASE WHEN $12 OR $13 THEN $4 ELSE notify_due_at END
       WHERE id = $1 AND state = $2 AND transitions = $11
       RETURNING *
     ), logged AS (
       INSERT INTO alert_history (rule_id, at, event, from_state, to_state, value, numerator, denominator, sample, detail, ${ruleSnapshotColumns})
       SELECT id, $4, 'transition', $2, state, last_value, last_numerator, last_denominator, last_sample, last_note, ${ruleSnapshotColumns} FROM moved
     )
     SELECT * FROM moved`,
    [
      rule.id, rule.state, decision.to, now, decision.breachSince,
      measured?.value ?? null, measured?.numerator ?? null, measured?.denominator ?? null, evaluation.sample,
      evaluation.kind === 'insufficient' ? evaluation.reason : (evaluation.note ?? null),
      rule.transitions, toFiring, fromFiring,
    ],
  );
  return row ? toRule(row) : undefined;
}

/**
 * Owes a reminder for a rule that is still firing, unacknowledged and not muted, once its
 * re-notify interval has passed since the last notification — or at once when this episode has not
 * been announced yet (it fired while muted, or every attempt failed). One replica wins.
 */
export async function claimReminder(db: Queryable, rule: AlertRule, now: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE alert_rules SET notify_kind = CASE WHEN episode_message_id IS NULL THEN 'firing' ELSE 'renotify' END, notify_attempts = 0, notify_due_at = $2
     WHERE id = $1 AND state = 'firing' AND transitions = $3 AND notify_kind IS NULL AND acknowledged_at IS NULL
       AND (muted_until IS NULL OR muted_until <= $2) AND delivery_stopped_at IS NULL
       AND (last_notified_at IS NULL OR (renotify_seconds > 0 AND last_notified_at <= $2::timestamptz - make_interval(secs => renotify_seconds)))
     RETURNING id`,
    [rule.id, now, rule.transitions],
  );
  return rows.length > 0;
}
