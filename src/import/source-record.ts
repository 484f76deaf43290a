/**
 * One record read from an import source, before validation: a candidate event, the reason it
 * could not be read (`problem`, counted as rejected), or the reason a readable source record maps
 * to no contract event (`skipped`, e.g. a bot-state trace: not a metric). `position` names where
 * it came from (`line 17`, `activity 3`). Skipped records are counted by reason, never dropped
 * silently.
 */
export type SourceRecord = { position: string; candidate: unknown } | { position: string; problem: string } | { position: string; skipped: string };

/** Counts a reader keeps of what it read (bytes for the progress bar). */
export interface ReadProgress {
  bytesRead: number;
}
