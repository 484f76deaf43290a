import type { Destination } from '../../chat/destination.ts';
import type { Queryable } from '../../db/database.ts';
import { destinationKey } from '../subscription.ts';
import type { ClaimedRun } from './runs.ts';

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'gone';

/** One destination of one run. */
export interface Delivery {
  runId: number;
  key: string;
  destination: Destination;
  state: DeliveryState;
  attempts: number;
  messageId: string | null;
  reason: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
}

interface DeliveryRow {
  run_id: number;
  destination_key: string;
  destination: Destination;
  state: DeliveryState;
  attempts: number;
  message_id: string | null;
  reason: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
}

const columns = 'run_id, destination_key, destination, state, attempts, message_id, reason, last_attempt_at, next_attempt_at';
const toDelivery = (r: DeliveryRow): Delivery => ({
  runId: Number(r.run_id),
  key: r.destination_key,
  destination: r.destination,
  state: r.state,
  attempts: r.attempts,
  messageId: r.message_id,
  reason: r.reason,
  lastAttemptAt: r.last_attempt_at,
  nextAttemptAt: r.next_attempt_at,
});

/** Makes a pending delivery row for each destination the run does not have one for yet. */
export async function ensureDeliveries(db: Queryable, runId: number, destinations: readonly Destination[]): Promise<void> {
  if (destinations.length === 0) return;
  await db.query(
    `INSERT INTO digest_deliveries (run_id, destination_key, destination, state)
     SELECT $1, d.key, d.destination, 'pending' FROM unnest($2::text[], $3::jsonb[]) AS d(key, destination)
     ON CONFLICT (run_id, destination_key) DO NOTHING`,
    [runId, destinations.map(destinationKey), destinations.map((d) => JSON.stringify(d))],
  );
}

/** A run's deliveries. */
export async function deliveriesOf(db: Queryable, runId: number): Promise<Delivery[]> {
  const rows = await db.query<DeliveryRow>(`SELECT ${columns} FROM digest_deliveries WHERE run_id = $1 ORDER BY destination_key`, [runId]);
  return rows.map(toDelivery);
}

/** The deliveries of several runs, by run id. */
export async function deliveriesOfRuns(db: Queryable, runIds: readonly number[]): Promise<Map<number, Delivery[]>> {
  const byRun = new Map<number, Delivery[]>();
  if (runIds.length === 0) return byRun;
  const rows = await db.query<DeliveryRow>(`SELECT ${columns} FROM digest_deliveries WHERE run_id = ANY($1::bigint[]) ORDER BY run_id, destination_key`, [runIds]);
  for (const row of rows) {
    const d = toDelivery(row);
    byRun.set(d.runId, [...(byRun.get(d.runId) ?? []), d]);
  }
  return byRun;
}

export interface AttemptRecord {
  state: DeliveryState;
  attempts: number;
  messageId?: string;
  reason?: string;
  nextAttemptAt?: Date;
}

/** Records an attempt's outcome, only while `run`'s claim is current. False when it was taken over. */
export async function recordAttempt(db: Queryable, run: ClaimedRun, key: string, attempt: AttemptRecord, now: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE digest_deliveries d SET state = $4, attempts = $5, message_id = $6, reason = $7, next_attempt_at = $8, last_attempt_at = $9,
       finished_at = CASE WHEN $4 = 'pending' THEN NULL ELSE $9::timestamptz END
     FROM digest_runs r
     WHERE d.run_id = $1 AND d.destination_key = $3 AND r.id = d.run_id AND r.claim = $2
     RETURNING d.run_id`,
    [run.id, run.claim, key, attempt.state, attempt.attempts, attempt.messageId ?? null, attempt.reason ?? null, attempt.nextAttemptAt ?? null, now],
  );
  return rows.length > 0;
}
