/**
 * The instant before which event data is deleted when keeping `days` days: the start of the UTC
 * day `days` days before `now`, so a run on any hour of one day cuts at the same place, and
 * hourly rollups are cut on an hour boundary. Undefined when `days` is 0 (kept forever).
 */
export function retentionCutoff(now: Date, days: number): Date | undefined {
  if (days === 0) return undefined;
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(day - days * 86_400_000);
}

/** `2025-10-29` for a cutoff: how replies and the command line name it. */
export function cutoffDate(cutoff: Date): string {
  return cutoff.toISOString().slice(0, 10);
}
