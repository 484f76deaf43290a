import type { Database } from '../db/database.ts';
import { applyRetention } from './retention-plan.ts';
import type { RetentionCounts } from './retention-plan.ts';
import { retentionCutoff } from './retention-cutoff.ts';
import { claimDailyRun, finishRun, recordManualRun } from './retention-runs.ts';

function report(counts: RetentionCounts): object {
  return { ...counts, cutoff: counts.cutoff?.toISOString() ?? null };
}

/**
 * Today's (UTC) retention run, if no replica has claimed it yet: returns what it deleted, or
 * undefined when another replica (or an earlier tick) has the day.
 */
export async function runDailyRetention(db: Database, now: Date, days: number): Promise<RetentionCounts | undefined> {
  const id = await claimDailyRun(db, now.toISOString().slice(0, 10), retentionCutoff(now, days));
  if (id === undefined) return undefined;
  const counts = await applyRetention(db, now, days);
  await finishRun(db, id, report(counts));
  return counts;
}

/** A run now, whatever the day's slot says (`botwatch retention --run`). */
export async function runRetentionNow(db: Database, now: Date, days: number): Promise<RetentionCounts> {
  const id = await recordManualRun(db, retentionCutoff(now, days));
  const counts = await applyRetention(db, now, days);
  await finishRun(db, id, report(counts));
  return counts;
}
