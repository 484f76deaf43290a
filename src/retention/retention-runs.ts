import type { Queryable } from '../db/database.ts';

/**
 * Claims the daily run of `slot` (a UTC day) in one statement: the replica that gets a row back
 * runs it; every other gets nothing, so the day's run happens once however many replicas tick.
 */
export async function claimDailyRun(db: Queryable, slot: string, cutoff: Date | undefined): Promise<number | undefined> {
  const rows = await db.query<{ id: number }>('INSERT INTO retention_runs (slot, cutoff) VALUES ($1, $2) ON CONFLICT (slot) DO NOTHING RETURNING id', [slot, cutoff ?? null]);
  return rows[0]?.id;
}

/** Records a run asked for by hand (`botwatch retention --run`), outside the daily slots. */
export async function recordManualRun(db: Queryable, cutoff: Date | undefined): Promise<number> {
  const rows = await db.query<{ id: number }>('INSERT INTO retention_runs (cutoff) VALUES ($1) RETURNING id', [cutoff ?? null]);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('retention run was not recorded');
  return id;
}

/** Marks a run done with what it deleted. */
export async function finishRun(db: Queryable, id: number, report: object): Promise<void> {
  await db.query('UPDATE retention_runs SET finished_at = now(), report = $2 WHERE id = $1', [id, JSON.stringify(report)]);
}

/** The latest cutoff a finished run applied: data of conversations started before it is gone. */
export async function readRetainedSince(db: Queryable): Promise<Date | undefined> {
  const rows = await db.query<{ cutoff: Date | null }>('SELECT max(cutoff) AS cutoff FROM retention_runs WHERE finished_at IS NOT NULL');
  return rows[0]?.cutoff ?? undefined;
}

/** The last finished run, for `botwatch retention`. */
export async function readLastRun(db: Queryable): Promise<{ finishedAt: Date; cutoff: Date | null; report: RetentionReportRow } | undefined> {
  const rows = await db.query<{ finished_at: Date; cutoff: Date | null; report: RetentionReportRow }>(
    'SELECT finished_at, cutoff, report FROM retention_runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1',
  );
  const row = rows[0];
  return row ? { finishedAt: row.finished_at, cutoff: row.cutoff, report: row.report } : undefined;
}

export type RetentionReportRow = Record<string, unknown>;
