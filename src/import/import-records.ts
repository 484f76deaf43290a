import type { Database } from '../db/database.ts';
import type { EventRow } from '../events/event-row.ts';
import { storeEvents } from '../events/store-events.ts';
import { validateEvent } from '../events/validate-events.ts';
import type { SourceRecord } from './source-record.ts';

export interface ImportCounts {
  read: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Source records that map to no contract event (by design, not by error). */
  skipped: number;
  /** `skipped`, by the reader's reason (`trace activity "BotState" (not a metric)` → 32). */
  skippedBy: Record<string, number>;
}

export interface ImportOptions {
  storeMessageText: boolean;
  /** Stop at the first bad record (after storing what came before it). */
  strict?: boolean;
  /** Events per transaction. */
  batchSize?: number;
  /** Events older than this many days are rejected (0 or absent: any age since 2000). */
  retentionDays?: number;
  /** Applied to each candidate before validation (e.g. `--bot` filling in botId). */
  prepare?: (candidate: unknown) => unknown;
  onRejected?: (position: string, message: string) => void;
  onProgress?: (counts: ImportCounts) => void;
}

/** Why a strict import stopped. */
export class StrictImportError extends Error {
  override readonly name = 'StrictImportError';
  constructor(
    readonly position: string,
    readonly problem: string,
    readonly counts: ImportCounts,
  ) {
    super(`${position}: ${problem}`);
  }
}

/**
 * Validates and stores records from any reader in batches, with the API's validation and
 * idempotency. Memory stays bounded by one batch: the next record is not read until the
 * current batch is stored.
 */
export async function importRecords(db: Database, records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>, options: ImportOptions): Promise<ImportCounts> {
  const counts: ImportCounts = { read: 0, accepted: 0, duplicate: 0, rejected: 0, skipped: 0, skippedBy: {} };
  // Through a running server's embedded database, each batch holds the server's queries back while
  // it is stored: small batches keep its answers prompt (measured in bench/import-while-serving.ts).
  const batchSize = db.servedByAnotherProcess === true ? Math.min(options.batchSize ?? 1_000, 1_000) : (options.batchSize ?? 2_000);
  let batch: EventRow[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const stored = await storeEvents(db, batch);
    counts.accepted += stored.accepted;
    counts.duplicate += stored.duplicate;
    batch = [];
    options.onProgress?.(counts);
  };

  for await (const record of records) {
    counts.read++;
    let problem: string | undefined;
    if ('problem' in record) problem = record.problem;
    else if ('skipped' in record) {
      counts.skipped++;
      counts.skippedBy[record.skipped] = (counts.skippedBy[record.skipped] ?? 0) + 1;
    } else {
      const candidate = options.prepare ? options.prepare(record.candidate) : record.candidate;
      const result = validateEvent(candidate, { storeMessageText: options.storeMessageText, retentionDays: options.retentionDays ?? 0 });
      if ('row' in result) batch.push(result.row);
      else problem = `${result.problem.path ? `${result.problem.path}: ` : ''}${result.problem.message}`;
    }
    if (problem !== undefined) {
      counts.rejected++;
      if (options.strict === true) {
        await flush();
        throw new StrictImportError(record.position, problem, counts);
      }
      options.onRejected?.(record.position, problem);
    }
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return counts;
}
