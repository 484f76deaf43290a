import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

/** The key of an import's sample: `name{import="…",source="…"[,label="…"]}`. */
const of = (name: string, r: { id: string }, source: string, label?: string) => `${name}{import="${r.id}",source="${source}"${label === undefined ? '' : `,${label}`}}`;
const events = (r: { id: string }, source: string, outcome: string) => of('botwatch_import_events', r, source, `outcome="${outcome}"`);
const bytes = (r: { id: string }, source: string, which: string) => of('botwatch_import_bytes', r, source, `of="${which}"`);
/** Which imports the samples show, by id. */
const shownImports = (samples: Map<string, number>) => [...new Set([...samples.keys()].flatMap((k) => /import="([^"]*)"/.exec(k)?.[1] ?? []))].sort();

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
  beforeEach(async () => {
    await t.db.query("DELETE FROM botwatch_settings WHERE key LIKE 'import_progress%'");
  });
  const progressKeys = async () => (await t.db.query<{ key: string }>("SELECT key FROM botwatch_settings WHERE key LIKE 'import_progress%' ORDER BY key")).map((r) => r.key);
  afterAll(async () => {
    if (importer !== t.db) await importer.close();
    await server?.stop();
    await t?.close();
  });

  it('shows the latest import while it runs and once it is done', async () => {
    const before = await scrape(server.url);
    expect(before.get('botwatch_import_running')).toBe(0);
    expect(shownImports(before)).toEqual([]);

    const recorder = new ImportProgressRecorder(importer, silentLogger, 'events.jsonl', 50_000, 0);
    const e = (outcome: string) => events(recorder, 'events.jsonl', outcome);
    const b = (which: string) => bytes(recorder, 'events.jsonl', which);
    await recorder.start();
    const started = await scrape(server.url);
    expect(started.get('botwatch_import_running')).toBe(1);
    expect(started.get(e('accepted'))).toBe(0);
    expect(started.get(b('total'))).toBe(50_000);

    recorder.update(counts(1_000, { read: 1_010, rejected: 10 }), 20_000);
    await recorder.settled();
    const during = await scrape(server.url);
    expect(during.get('botwatch_import_running')).toBe(1);
    expect(during.get(e('read'))).toBe(1_010);
    expect(during.get(e('accepted'))).toBe(1_000);
    expect(during.get(e('rejected'))).toBe(10);
    expect(during.get(b('read'))).toBe(20_000);
    expect(Math.abs((during.get(of('botwatch_import_updated_timestamp_seconds', recorder, 'events.jsonl')) ?? 0) - Date.now() / 1000)).toBeLessThan(60);

    await recorder.finish('done', counts(2_400, { read: 2_500, duplicate: 100 }), 50_000);
    const after = await scrape(server.url);
    expect(after.get('botwatch_import_running')).toBe(0);
    expect(after.get(e('accepted'))).toBe(2_400);
    expect(after.get(e('duplicate'))).toBe(100);
    expect(after.get(b('read'))).toBe(50_000);
  });

  it('writes at most once per interval while running', async () => {
    const recorder = new ImportProgressRecorder(importer, silentLogger, 'stdin', undefined, 60_000);
    await recorder.start();
    recorder.update(counts(1_000), 10);
    recorder.update(counts(2_000), 20);
    await recorder.settled();
    const samples = await scrape(server.url);
    expect(samples.get(events(recorder, 'stdin', 'accepted'))).toBe(0); // the start, not yet the updates
    expect(samples.has(bytes(recorder, 'stdin', 'total'))).toBe(false); // stdin: size unknown
    await recorder.finish('failed');
    expect((await scrape(server.url)).get(events(recorder, 'stdin', 'accepted'))).toBe(2_000);
  });

  it('counts an import silent for five minutes as stopped (killed)', async () => {
    const longAgo = new Date(Date.now() - 6 * 60_000);
    await writeImportProgress(importer, 'killed', { state: 'running', source: 'big.jsonl', startedAt: longAgo, updatedAt: longAgo, read: 5, accepted: 5, duplicate: 0, rejected: 0, skipped: 0, bytesRead: 100 });
    const samples = await scrape(server.url);
    expect(samples.get('botwatch_import_running')).toBe(0);
    expect(samples.get(events({ id: 'killed' }, 'big.jsonl', 'accepted'))).toBe(5);
  });

  it('shows two imports running at once, each with its own counts', async () => {
    // Two `botwatch import`s from two shells: their progress written interleaved, over two connections.
    const folder = new ImportProgressRecorder(importer, silentLogger, 'exports', 9_000, 0);
    const piped = new ImportProgressRecorder(t.db, silentLogger, 'stdin', undefined, 0);
    expect(folder.id).not.toBe(piped.id);
    await folder.start();
    await piped.start();
    folder.update(counts(100), 1_000);
    piped.update(counts(7, { read: 9, rejected: 2 }), 400);
    await piped.settled();
    folder.update(counts(300, { read: 310, skipped: 10 }), 3_000);
    await folder.settled();

    const samples = await scrape(server.url);
    expect(samples.get('botwatch_import_running')).toBe(2);
    expect(shownImports(samples)).toEqual([folder.id, piped.id].sort());
    expect(samples.get(events(folder, 'exports', 'read'))).toBe(310);
    expect(samples.get(events(folder, 'exports', 'accepted'))).toBe(300);
    expect(samples.get(events(folder, 'exports', 'skipped'))).toBe(10);
    expect(samples.get(bytes(folder, 'exports', 'read'))).toBe(3_000);
    expect(samples.get(bytes(folder, 'exports', 'total'))).toBe(9_000);
    expect(samples.get(events(piped, 'stdin', 'read'))).toBe(9);
    expect(samples.get(events(piped, 'stdin', 'accepted'))).toBe(7);
    expect(samples.get(events(piped, 'stdin', 'rejected'))).toBe(2);
    expect(samples.get(bytes(piped, 'stdin', 'read'))).toBe(400);
    expect(samples.has(bytes(piped, 'stdin', 'total'))).toBe(false);
    expect(samples.has(of('botwatch_import_updated_timestamp_seconds', piped, 'stdin'))).toBe(true);
  });

  it('keeps the running imports and the one that ended last, and deletes the other records', async () => {
    const first = new ImportProgressRecorder(importer, silentLogger, 'a.jsonl', 100, 0);
    const long = new ImportProgressRecorder(t.db, silentLogger, 'b.jsonl', 100, 0);
    await first.start();
    await long.start();
    await first.finish('done', counts(10), 100);
    const third = new ImportProgressRecorder(importer, silentLogger, 'c.jsonl', 100, 0);
    await third.start();
    expect(shownImports(await scrape(server.url))).toEqual([first.id, long.id, third.id].sort()); // first: the latest finished
    await third.finish('failed', counts(3), 50);

    const samples = await scrape(server.url);
    expect(samples.get('botwatch_import_running')).toBe(1);
    expect(shownImports(samples)).toEqual([long.id, third.id].sort());
    expect(samples.get(events(third, 'c.jsonl', 'accepted'))).toBe(3);
    expect(samples.get(events(long, 'b.jsonl', 'accepted'))).toBe(0);
    expect(await progressKeys()).toEqual([`import_progress:${long.id}`, `import_progress:${third.id}`].sort());
  });

  it('reads the single record an older botwatch wrote, as one more import, and deletes it once another ends', async () => {
    const then = new Date(Date.now() - 60_000);
    const old = { state: 'done', startedAt: then.toISOString(), updatedAt: then.toISOString(), read: 4, accepted: 4, duplicate: 0, rejected: 0, skipped: 0, bytesRead: 80, totalBytes: 80 };
    await t.db.query('INSERT INTO botwatch_settings (key, value) VALUES ($1, $2)', ['import_progress', JSON.stringify(old)]);
    const legacy = { id: 'legacy' };
    const before = await scrape(server.url);
    expect(before.get('botwatch_import_running')).toBe(0);
    expect(before.get(events(legacy, 'unknown', 'accepted'))).toBe(4);
    expect(before.get(bytes(legacy, 'unknown', 'total'))).toBe(80);

    const recorder = new ImportProgressRecorder(importer, silentLogger, 'new.jsonl', 10, 0);
    await recorder.start();
    expect(shownImports(await scrape(server.url))).toEqual([legacy.id, recorder.id].sort());
    await recorder.finish('done', counts(1), 10);
    expect(shownImports(await scrape(server.url))).toEqual([recorder.id]);
    expect(await progressKeys()).toEqual([`import_progress:${recorder.id}`]);
  });
});
