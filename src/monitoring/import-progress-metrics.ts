import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Queryable } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { readImportProgress } from './import-progress.ts';
import type { ImportProgress } from './import-progress.ts';

/** An import that has recorded nothing for this long was stopped without saying so (killed). */
const staleAfterMs = 5 * 60_000;

/**
 * Gauges of the latest `botwatch import` into this database (through this server's socket, or
 * beside it on the same PostgreSQL), read from the database at each scrape.
 */
export function registerImportProgressMetrics(registry: Registry, db: Pick<Queryable, 'query'>, logger?: Logger): void {
  const registers = [registry];
  // One read per scrape: a scrape collects every gauge at once, so they share the read in flight.
  let inFlight: Promise<ImportProgress | undefined> | undefined;
  const latest = () =>
    (inFlight ??= readImportProgress(db)
      .catch((error: unknown) => {
        logger?.warn('could not read the import progress for /metrics', { error });
        return undefined;
      })
      .finally(() => (inFlight = undefined)));

  new Gauge({
    name: 'botwatch_import_running',
    help: 'Whether an import is running now (1) or not (0); one silent for 5 minutes counts as stopped.',
    registers,
    async collect() {
      const p = await latest();
      this.set(p?.state === 'running' && Date.now() - p.updatedAt.getTime() < staleAfterMs ? 1 : 0);
    },
  });
  new Gauge({
    name: 'botwatch_import_events',
    help: 'Records of the latest import (running or finished): read, and what became of them (accepted, duplicate, rejected, skipped).',
    labelNames: ['outcome'],
    registers,
    async collect() {
      this.reset();
      const p = await latest();
      if (p === undefined) return;
      for (const outcome of ['read', 'accepted', 'duplicate', 'rejected', 'skipped'] as const) this.set({ outcome }, p[outcome]);
    },
  });
  new Gauge({
    name: 'botwatch_import_bytes',
    help: 'Bytes of the latest import’s input: read so far, and total (absent for stdin).',
    labelNames: ['of'],
    registers,
    async collect() {
      this.reset();
      const p = await latest();
      if (p === undefined) return;
      this.set({ of: 'read' }, p.bytesRead);
      if (p.totalBytes !== undefined) this.set({ of: 'total' }, p.totalBytes);
    },
  });
  new Gauge({
    name: 'botwatch_import_updated_timestamp_seconds',
    help: 'When the latest import last recorded its progress (Unix time).',
    registers,
    async collect() {
      const p = await latest();
      this.set(p === undefined ? 0 : p.updatedAt.getTime() / 1000);
    },
  });
}
