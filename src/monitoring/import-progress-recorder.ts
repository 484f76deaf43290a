import type { Queryable } from '../db/database.ts';
import type { ImportCounts } from '../import/import-records.ts';
import type { Logger } from '../log.ts';
import { deleteEndedImportProgress, newImportId, writeImportProgress } from './import-progress.ts';
import type { ImportProgress } from './import-progress.ts';

/** How often a running import records its progress, at most. */
const defaultIntervalMs = 1_000;

/**
 * Records an import's progress for `/metrics` while it runs: at its start, at most once every
 * `intervalMs` after a stored batch, and at its end. A failed write is logged once and does not
 * stop the import (the numbers on `/metrics` only lag). At its start and end it also deletes the
 * records of other imports that ended before, but the latest.
 */
export class ImportProgressRecorder {
  /** This import's id, its `import` label on `/metrics`. */
  readonly id = newImportId();
  private readonly progress: ImportProgress;
  private written = Promise.resolve();
  private lastWrite = 0;
  private warned = false;

  constructor(
    private readonly db: Queryable,
    private readonly logger: Logger,
    /** The file's or folder's base name, or `stdin` (never a path: it is shown on `/metrics`). */
    source: string,
    totalBytes: number | undefined,
    private readonly intervalMs = defaultIntervalMs,
  ) {
    const now = new Date();
    this.progress = { state: 'running', source, startedAt: now, updatedAt: now, read: 0, accepted: 0, duplicate: 0, rejected: 0, skipped: 0, bytesRead: 0, ...(totalBytes === undefined ? {} : { totalBytes }) };
  }

  /** Records that the import has started. */
  start(): Promise<void> {
    return this.write(true);
  }

  /** The counts so far (of every file of the import); written if the last write is `intervalMs` old. */
  update(counts: ImportCounts, bytesRead: number): void {
    this.take(counts, bytesRead);
    if (performance.now() - this.lastWrite >= this.intervalMs) void this.write();
  }

  /** Resolves once the writes so far are done. */
  settled(): Promise<void> {
    return this.written;
  }

  /** Records the end, after any write still under way. */
  finish(state: 'done' | 'failed', counts?: ImportCounts, bytesRead?: number): Promise<void> {
    if (counts !== undefined) this.take(counts, bytesRead ?? this.progress.bytesRead);
    this.progress.state = state;
    return this.write(true);
  }

  private take(counts: ImportCounts, bytesRead: number): void {
    const { read, accepted, duplicate, rejected, skipped } = counts;
    Object.assign(this.progress, { read, accepted, duplicate, rejected, skipped, bytesRead });
  }

  /** Writes the progress so far; with `tidy`, then deletes the records of imports ended before. */
  private write(tidy = false): Promise<void> {
    this.lastWrite = performance.now();
    const snapshot: ImportProgress = { ...this.progress, updatedAt: new Date() };
    this.written = this.written.then(async () => {
      try {
        await writeImportProgress(this.db, this.id, snapshot);
        if (tidy) await deleteEndedImportProgress(this.db);
      } catch (error) {
        if (this.warned) return;
        this.warned = true;
        this.logger.warn('could not record the import’s progress for /metrics (the import goes on)', { error });
      }
    });
    return this.written;
  }
}
