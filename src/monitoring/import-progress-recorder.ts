import type { Queryable } from '../db/database.ts';
import type { ImportCounts } from '../import/import-records.ts';
import type { Logger } from '../log.ts';
import { writeImportProgress } from './import-progress.ts';
import type { ImportProgress } from './import-progress.ts';

/** How often a running import records its progress, at most. */
const defaultIntervalMs = 1_000;

/**
 * Records an import's progress for `/metrics` while it runs: at its start, at most once every
 * `intervalMs` after a stored batch, and at its end. A failed write is logged once and does not
 * stop the import (the numbers on `/metrics` only lag).
 */
export class ImportProgressRecorder {
  private readonly progress: ImportProgress;
  private written = Promise.resolve();
  private lastWrite = 0;
  private warned = false;

  constructor(
    private readonly db: Queryable,
    private readonly logger: Logger,
    totalBytes: number | undefined,
    private readonly intervalMs = defaultIntervalMs,
  ) {
    const now = new Date();
    this.progress = { state: 'running', startedAt: now, updatedAt: now, read: 0, accepted: 0, duplicate: 0, rejected: 0, skipped: 0, bytesRead: 0, ...(totalBytes === undefined ? {} : { totalBytes }) };
  }

  /** Records that the import has started. */
  start(): Promise<void> {
    return this.write();
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
    return this.write();
  }

  private take(counts: ImportCounts, bytesRead: number): void {
    const { read, accepted, duplicate, rejected, skipped } = counts;
    Object.assign(this.progress, { read, accepted, duplicate, rejected, skipped, bytesRead });
  }

  private write(): Promise<void> {
    this.lastWrite = performance.now();
    const snapshot: ImportProgress = { ...this.progress, updatedAt: new Date() };
    this.written = this.written.then(() =>
      writeImportProgress(this.db, snapshot).catch((error: unknown) => {
        if (this.warned) return;
        this.warned = true;
        this.logger.warn('could not record the import’s progress for /metrics (the import goes on)', { error });
      }),
    );
    return this.written;
  }
}
