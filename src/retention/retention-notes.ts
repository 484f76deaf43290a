import type { Queryable } from '../db/database.ts';
import type { TimeWindow } from '../time/windows.ts';
import { cutoffDate } from './retention-cutoff.ts';
import { readRetainedSince } from './retention-runs.ts';

/**
 * Footnotes for a reply whose windows reach before the data retention has kept: its numbers
 * count only what is left, and it must say so rather than look like a quiet period.
 */
export async function retentionNotes(db: Queryable, windows: readonly TimeWindow[]): Promise<string[]> {
  const since = await readRetainedSince(db);
  if (since === undefined) return [];
  const date = cutoffDate(since);
  if (windows.some((w) => w.start < since)) return [`Data before ${date} is no longer kept (BOTWATCH_RETENTION_DAYS): this window counts only from then.`];
  if (windows.some((w) => w.previous.start < since)) return [`Data before ${date} is no longer kept (BOTWATCH_RETENTION_DAYS): the change is against a previous period that is only partly kept.`];
  return [];
}
