import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Queryable } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { importsToShow, isImportRunning, readImportProgress } from './import-progress.ts';
import type { RecordedImport } from './import-progress.ts';

/**
 * Gauges of the `botwatch import`s into this database (through this server's socket, or beside it
 * on the same PostgreSQL), read from the database at each scrape: every import running now and the
 * one that ended last, each labelled with its id (`import`) and what it reads (`source`).
 */
export function registerImportProgressMetrics(registry: Registry, db: Pick<Queryable, 'query'>, logger?: Logger): void {
  const registers = [registry];
  // One read per scrape: a scrape collects every gauge at once, so they share the read in flight.
  let inFlight: Promise<RecordedImport[]> | undefined;
  const recorded = () =>
    (inFlight ??= readImportProgress(db)
      .catch((error: unknown) => {
        logger?.warn('could not read the import progress for /metrics', { error });
        return [];
      })
      .finally(() => (inFlight = undefined)));
  const shown = async () => importsToShow(await recorded());
  const labelsOf = (p: RecordedImport) => ({ import: p.id, source: p.source });

  new Gauge({
    name: 'botwatch_import_running',
    help: 'How many imports are running now; one silent for 5 minutes counts as stopped.',
    registers,
    async collect() {
      const now = Date.now();
      this.set((await recorded()).filter((p) => isImportRunning(p, now)).length);
    },
  });
  new Gauge({
    name: 'botwatch_import_events',
    help: 'Records of each running import and of the one that ended last: read, and what became of them (accepted, duplicate, rejected, skipped).',
    labelNames: ['import', 'source', 'outcome'],
    registers,
    async collect() {
      this.reset();
      for (const p of await shown()) {
        for (const outcome of ['read', 'accepted', 'duplicate', 'rejected', 'skipped'] as const) this.set({ ...labelsOf(p), outcome }, p[outcome]);
      }
    },
  });
  new Gauge({
    name: 'botwatch_import_bytes',
    help: 'Bytes of each shown import’s input: read so far, and total (absent for stdin).',
    labelNames: ['import', 'source', 'of'],
    registers,
    async collect() {
      this.reset();
      for (const p of await shown()) {
        this.set({ ...labelsOf(p), of: 'read' }, p.bytesRead);
        if (p.totalBytes !== undefined) this.set({ ...labelsOf(p), of: 'total' }, p.totalBytes);
      }
    },
  });
  new Gauge({
    name: 'botwatch_import_updated_timestamp_seconds',
    help: 'When each shown import last recorded its progress (Unix time).',
    labelNames: ['import', 'source'],
    registers,
    async collect() {
      this.reset();
      for (const p of await shown()) this.set(labelsOf(p), p.updatedAt.getTime() / 1000);
    },
  });
}
