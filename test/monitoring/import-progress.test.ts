import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { ImportCounts } from '../../src/import/import-records.ts';
import { silentLogger } from '../../src/log.ts';
import { writeImportProgress } from '../../src/monitoring/import-progress.ts';
import { ImportProgressRecorder } from '../../src/monitoring/import-progress-recorder.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { startTestServer } from '../helpers/test-server.ts';
import type { TestServer } from '../helpers/test-server.ts';

/** The botwatch_import_* samples of /metrics as a Prometheus text parser reads them. */
async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  const samples = new Map<string, number>();
  for (const family of parsePrometheusTextFormat(await response.text())) {
    if (!family.name.startsWith('botwatch_import_')) continue;
    for (const m of family.metrics) {
      const labels = Object.entries(m.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join(',');
      samples.set(labels === '' ? family.name : `${family.name}{${labels}}`, Number(m.value));
    }
  }
  return samples;
}

const counts = (accepted: number, rest: Partial<ImportCounts> = {}): ImportCounts => ({ read: accepted, accepted, duplicate: 0, rejected: 0, skipped: 0, skippedBy: {}, ...rest });

describe(`an import's progress on GET /metrics (${testEngine})`, () => {
  let t: TestDatabase;
  let server: TestServer;
  /** The importing command's own connection (another pool on PostgreSQL, as a second process would have). */
  let importer: Database;
  beforeAll(async () => {
    t = await openTestDatabase();
    server = await startTestServer(t.db, { HOST: '127.0.0.1' }, { modules: [] });
    importer = t.openReplica?.() ?? t.db;
  });
  afterAll(async () => {
    if (importer !== t.db) await importer.close();
    await server?.stop();
    await t?.close();
  });

  it('shows the latest import while it runs and once it is done', async () => {
    const before = await scrape(server.url);
    expect(before.get('botwatch_import_running')).toBe(0);
    expect(before.has('botwatch_import_events{outcome="accepted"}')).toBe(false);

    const recorder = new ImportProgressRecorder(importer, silentLogger, 50_000, 0);
    await recorder.start();
    const started = await scrape(server.url);
    expect(started.get('botwatch_import_running')).toBe(1);
    expect(started.get('botwatch_import_events{outcome="accepted"}')).toBe(0);
    expect(started.get('botwatch_import_bytes{of="total"}')).toBe(50_000);

    recorder.update(counts(1_000, { read: 1_010, rejected: 10 }), 20_000);
    await recorder.settled();
    const during = await scrape(server.url);
    expect(during.get('botwatch_import_running')).toBe(1);
    expect(during.get('botwatch_import_events{outcome="read"}')).toBe(1_010);
    expect(during.get('botwatch_import_events{outcome="accepted"}')).toBe(1_000);
    expect(during.get('botwatch_import_events{outcome="rejected"}')).toBe(10);
    expect(during.get('botwatch_import_bytes{of="read"}')).toBe(20_000);
    expect(Math.abs((during.get('botwatch_import_updated_timestamp_seconds') ?? 0) - Date.now() / 1000)).toBeLessThan(60);

    await recorder.finish('done', counts(2_400, { read: 2_500, duplicate: 100 }), 50_000);
    const after = await scrape(server.url);
    expect(after.get('botwatch_import_running')).toBe(0);
    expect(after.get('botwatch_import_events{outcome="accepted"}')).toBe(2_400);
    expect(after.get('botwatch_import_events{outcome="duplicate"}')).toBe(100);
    expect(after.get('botwatch_import_bytes{of="read"}')).toBe(50_000);
  });

  it('writes at most once per interval while running', async () => {
    const recorder = new ImportProgressRecorder(importer, silentLogger, undefined, 60_000);
    await recorder.start();
    recorder.update(counts(1_000), 10);
    recorder.update(counts(2_000), 20);
    await recorder.settled();
    const samples = await scrape(server.url);
    expect(samples.get('botwatch_import_events{outcome="accepted"}')).toBe(0); // the start, not yet the updates
    expect(samples.has('botwatch_import_bytes{of="total"}')).toBe(false); // stdin: size unknown
    await recorder.finish('failed');
    expect((await scrape(server.url)).get('botwatch_import_events{outcome="accepted"}')).toBe(2_000);
  });

  it('counts an import silent for five minutes as stopped (killed)', async () => {
    const longAgo = new Date(Date.now() - 6 * 60_000);
    await writeImportProgress(importer, { state: 'running', startedAt: longAgo, updatedAt: longAgo, read: 5, accepted: 5, duplicate: 0, rejected: 0, skipped: 0, bytesRead: 100 });
    const samples = await scrape(server.url);
    expect(samples.get('botwatch_import_running')).toBe(0);
    expect(samples.get('botwatch_import_events{outcome="accepted"}')).toBe(5);
  });
});
