import type { Queryable } from '../../db/database.ts';
import type { Reply } from '../../replies/reply.ts';
import type { DueSlot } from '../compute-due-slots.ts';

export type RunState = 'running' | 'retrying' | 'delivered' | 'failed' | 'missed' | 'skipped';
export type RunTrigger = 'schedule' | 'manual';

/** A run this worker holds: it may write while `claim` is still the run's claim. */
export interface ClaimedRun {
  id: number;
  subscriptionId: number;
  trigger: RunTrigger;
  scheduledFor: Date;
  claim: number;
  reply: Reply | null;
}

/** A run as history shows it. */
export interface RunRecord {
  id: number;
  subscriptionId: number;
  trigger: RunTrigger;
  scheduledFor: Date;
  state: RunState;
  claimedBy: string | null;
  takeovers: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  leaseUntil: Date | null;
  detail: string | null;
}

interface ClaimRow {
  id: number;
  subscription_id: number;
  trigger: RunTrigger;
  scheduled_for: Date;
  claim: number;
  reply: Reply | null;
  state: RunState;
}

const claimColumns = 'id, subscription_id, trigger, scheduled_for, claim, reply, state';
const toClaimed = (r: ClaimRow): ClaimedRun => ({ id: Number(r.id), subscriptionId: Number(r.subscription_id), trigger: r.trigger, scheduledFor: r.scheduled_for, claim: r.claim, reply: r.reply });

/**
 * Claims slots in one statement: a slot's row is inserted by exactly one replica (the unique
 * (subscription, slot) index; the others' inserts do nothing), due slots as running under this
 * replica's lease, late ones recorded as missed. Returns what this replica inserted.
 *
 * Rows are inserted in (subscription, slot) order whatever order `slots` has: a replica inserting
 * a slot another replica holds waits for it, and two replicas taking overlapping slots in
 * different orders would each wait for the other (PostgreSQL then fails one with a deadlock).
 */
export async function claimSlots(
  db: Queryable,
  slots: readonly DueSlot[],
  claim: { replica: string; now: Date; leaseUntil: Date; missedDetail: string },
): Promise<{ claimed: ClaimedRun[]; missed: ClaimedRun[] }> {
  if (slots.length === 0) return { claimed: [], missed: [] };
  const rows = await db.query<ClaimRow>(
    `INSERT INTO digest_runs (subscription_id, trigger, scheduled_for, state, claimed_by, lease_until, created_at, started_at, finished_at, detail)
     SELECT s.subscription_id, 'schedule', s.scheduled_for, s.state, $4,
       CASE WHEN s.state = 'running' THEN $6::timestamptz END, $5,
       CASE WHEN s.state = 'running' THEN $5::timestamptz END,
       CASE WHEN s.state = 'missed' THEN $5::timestamptz END,
       CASE WHEN s.state = 'missed' THEN $7 END
     FROM unnest($1::bigint[], $2::timestamptz[], $3::text[]) AS s(subscription_id, scheduled_for, state)
     ORDER BY s.subscription_id, s.scheduled_for
     ON CONFLICT (subscription_id, scheduled_for) WHERE trigger = 'schedule' DO NOTHING
     RETURNING ${claimColumns}`,
    [slots.map((s) => s.subscriptionId), slots.map((s) => s.scheduledFor), slots.map((s) => (s.state === 'due' ? 'running' : 'missed')), claim.replica, claim.now, claim.leaseUntil, claim.missedDetail],
  );
  return { claimed: rows.filter((r) => r.state === 'running').map(toClaimed), missed: rows.filter((r) => r.state === 'missed').map(toClaimed) };
}

/** A run for `digest send`: posted now, held by this replica. */
export async function insertManualRun(db: Queryable, subscriptionId: number, claim: { replica: string; now: Date; leaseUntil: Date }): Promise<ClaimedRun> {
  const [row] = await db.query<ClaimRow>(
    `INSERT INTO digest_runs (subscription_id, trigger, scheduled_for, state, claimed_by, lease_until, created_at, started_at)
     VALUES ($1, 'manual', $2, 'running', $3, $4, $2, $2)
     RETURNING ${claimColumns}`,
    [subscriptionId, claim.now, claim.replica, claim.leaseUntil],
  );
  return toClaimed(row!);
}

/**
 * Gives up on runs whose workers keep dying (taken over `maxTakeovers` times already): recorded
 * as failed rather than tried forever. Returns their ids.
 */
export async function abandonRuns(db: Queryable, now: Date, maxTakeovers: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `UPDATE digest_runs SET state = 'failed', finished_at = $1, lease_until = NULL,
       detail = 'the replicas working on it stopped ' || (takeovers + 1) || ' times before finishing (see the botwatch log)'
     WHERE state = 'running' AND lease_until <= $1 AND takeovers >= $2
     RETURNING id`,
    [now, maxTakeovers],
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Takes over, in one statement, the runs that are free again: a running run whose lease expired
 * (its worker died; counted as a takeover) or a retrying run whose next attempt is due. Each
 * gets a new claim, so a late-waking worker can no longer write.
 */
export async function takeOverRuns(db: Queryable, claim: { replica: string; now: Date; leaseUntil: Date }): Promise<ClaimedRun[]> {
  const rows = await db.query<ClaimRow>(
    `UPDATE digest_runs SET claim = claim + 1, claimed_by = $1, lease_until = $3,
       takeovers = takeovers + CASE WHEN state = 'running' THEN 1 ELSE 0 END, state = 'running'
     WHERE state IN ('running', 'retrying') AND lease_until <= $2
     RETURNING ${claimColumns}`,
    [claim.replica, claim.now, claim.leaseUntil],
  );
  return rows.map(toClaimed);
}

/** Extends the lease while the claim is current; false when another worker took the run over. */
export async function renewLease(db: Queryable, run: ClaimedRun, leaseUntil: Date): Promise<boolean> {
  const rows = await db.query(`UPDATE digest_runs SET lease_until = $3 WHERE id = $1 AND claim = $2 AND state = 'running' RETURNING id`, [run.id, run.claim, leaseUntil]);
  return rows.length > 0;
}

/** Keeps the composed digest with the run, so every attempt posts the same message. */
export async function saveRunReply(db: Queryable, run: ClaimedRun, reply: Reply): Promise<boolean> {
  const rows = await db.query(`UPDATE digest_runs SET reply = $3::jsonb WHERE id = $1 AND claim = $2 RETURNING id`, [run.id, run.claim, JSON.stringify(reply)]);
  return rows.length > 0;
}

/** Lets go of a run until its next delivery attempt is due (any replica may take it then). */
export async function releaseRunUntil(db: Queryable, run: ClaimedRun, until: Date, detail: string): Promise<boolean> {
  const rows = await db.query(`UPDATE digest_runs SET state = 'retrying', lease_until = $3, detail = $4 WHERE id = $1 AND claim = $2 RETURNING id`, [run.id, run.claim, until, detail]);
  return rows.length > 0;
}

/** Records a run's final state. */
export async function finishRun(db: Queryable, run: ClaimedRun, state: Extract<RunState, 'delivered' | 'failed' | 'skipped'>, detail: string | null, now: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE digest_runs SET state = $3, detail = $4, finished_at = $5, lease_until = NULL WHERE id = $1 AND claim = $2 RETURNING id`,
    [run.id, run.claim, state, detail, now],
  );
  return rows.length > 0;
}

interface RunRow {
  id: number;
  subscription_id: number;
  trigger: RunTrigger;
  scheduled_for: Date;
  state: RunState;
  claimed_by: string | null;
  takeovers: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  lease_until: Date | null;
  detail: string | null;
}

const toRecord = (r: RunRow): RunRecord => ({
  id: Number(r.id),
  subscriptionId: Number(r.subscription_id),
  trigger: r.trigger,
  scheduledFor: r.scheduled_for,
  state: r.state,
  claimedBy: r.claimed_by,
  takeovers: r.takeovers,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  leaseUntil: r.lease_until,
  detail: r.detail,
});
const recordColumns = 'id, subscription_id, trigger, scheduled_for, state, claimed_by, takeovers, created_at, started_at, finished_at, lease_until, detail';

/** The latest run of each subscription (by when it was created). */
export async function latestRuns(db: Queryable, subscriptionIds: readonly number[]): Promise<Map<number, RunRecord>> {
  if (subscriptionIds.length === 0) return new Map();
  const rows = await db.query<RunRow>(
    `SELECT DISTINCT ON (subscription_id) ${recordColumns} FROM digest_runs
     WHERE subscription_id = ANY($1::bigint[]) ORDER BY subscription_id, created_at DESC, id DESC`,
    [subscriptionIds],
  );
  return new Map(rows.map((r) => [Number(r.subscription_id), toRecord(r)]));
}

/** A subscription's runs, newest first. */
export async function runHistory(db: Queryable, subscriptionId: number, limit: number): Promise<RunRecord[]> {
  const rows = await db.query<RunRow>(`SELECT ${recordColumns} FROM digest_runs WHERE subscription_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [subscriptionId, limit]);
  return rows.map(toRecord);
}

/** One run by id. */
export async function findRun(db: Queryable, id: number): Promise<RunRecord | undefined> {
  const [row] = await db.query<RunRow>(`SELECT ${recordColumns} FROM digest_runs WHERE id = $1`, [id]);
  return row ? toRecord(row) : undefined;
}

/** History retention: deletes finished runs (with their deliveries) created before `cutoff`. Returns how many. */
export async function deleteRunsBefore(db: Queryable, cutoff: Date): Promise<number> {
  const rows = await db.query<{ id: number }>(`DELETE FROM digest_runs WHERE created_at < $1 AND state NOT IN ('running', 'retrying') RETURNING id`, [cutoff]);
  return rows.length;
}
