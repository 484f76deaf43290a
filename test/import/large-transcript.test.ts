import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../bench/run-import.ts';
import { writeTranscript } from '../../src/gen/generate-transcript.ts';
import type { TranscriptStats } from '../../src/gen/generate-transcript.ts';
import { cliDatabaseEnv } from '../helpers/cli-database-env.ts';
import { testEngine } from '../helpers/test-database.ts';

const MB = 1024 * 1024;
let dir: string;
let db: Awaited<ReturnType<typeof cliDatabaseEnv>>;
const files: Record<'small' | 'large', { file: string; stats: TranscriptStats }> = {} as never;

async function generate(name: string, targetBytes: number) {
  const file = path.join(dir, name);
  const out = fs.createWriteStream(file);
  const stats = await writeTranscript(out, { targetBytes, seed: 7 });
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { file, stats };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-large-'));
  db = await cliDatabaseEnv();
  files.small = await generate('small.transcript', 20 * MB);
  files.large = await generate('large.transcript', 200 * MB);
}, 120_000);
afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`a 200 MB transcript (${testEngine})`, () => {
  it('imports with flat memory: a 64 MB heap is enough, and ten times the file costs no more resident memory', { timeout: 180_000 }, async () => {
    // The heap cap fails any reader that holds the file or its parsed activities (a 200 MB file is
    // ~400 MB as a JS string). Peak RSS is compared between a 20 MB and a 200 MB import of the same
    // shape, so the engine's own constant footprint (PGlite's is large) cancels out; the first run
    // (which also creates the schema, costly on PGlite) is not compared.
    const heapCap = ['--max-old-space-size=64'];
    const n = (x: number) => x.toLocaleString('en-US');
    const line = (s: TranscriptStats, accepted: number) => new RegExp(`^${n(s.events + s.skipped)} records read: ${n(accepted)} accepted, ${n(s.events - accepted)} duplicate, 0 rejected, ${n(s.skipped)} skipped in `);
    const first = await runImport(files.small.file, 'large-small', db.env, heapCap);
    expect(first.stdout).toMatch(line(files.small.stats, files.small.stats.events));
    const small = await runImport(files.small.file, 'large-small', db.env, heapCap);
    expect(small.stdout).toMatch(line(files.small.stats, 0)); // re-importing adds nothing
    const large = await runImport(files.large.file, 'large-large', db.env, heapCap);
    expect(large.stdout).toMatch(line(files.large.stats, files.large.stats.events));
    for (const run of [first, small, large]) expect([run.code, run.stderr]).toEqual([0, '']);
    expect(files.large.stats.bytes).toBeGreaterThanOrEqual(200 * MB);
    if (small.peakRssKb !== undefined && large.peakRssKb !== undefined) {
      expect(large.peakRssKb - small.peakRssKb).toBeLessThan(128 * 1024);
    }
    console.log(
      `200 MB transcript: ${(files.large.stats.bytes / MB / large.seconds).toFixed(1)} MB/s, ${Math.round(files.large.stats.activities / large.seconds)} activities/s; ` +
        `peak RSS ${large.peakRssKb === undefined ? 'n/a' : `${Math.round(large.peakRssKb / 1024)} MB (20 MB file: ${Math.round((small.peakRssKb ?? 0) / 1024)} MB)`}`,
    );
  });
});
