/**
 * One record read from an import source, before validation: either a candidate event or the
 * reason it could not be read. `position` names where it came from (`line 17`, `activity 3`).
 */
export type SourceRecord = { position: string; candidate: unknown } | { position: string; problem: string };

/** Counts a reader keeps of what it read (bytes for the progress bar). */
export interface ReadProgress {
  bytesRead: number;
}
