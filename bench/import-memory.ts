/**
 * `npm run bench:import` — `botwatch import` of a 1,000,000-event JSONL file, as a separate
 * process: events/s and peak RSS (VmHWM), on real PostgreSQL and on the embedded database.
 * Prints figures, then one line of JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConversations } from '../src/gen/generate-events.ts';
import { openBenchSchema } from './bench-database.ts';

const target = Number(process.env.BENCH_IMPORT_EVENTS ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-import-bench-'));
const file = path.join(dir, 'events.jsonl');
const out = fs.createWriteStream(file);
let written = 0;
for (const events of generateConversations({ conversations: Math.ceil(target / 12), days: 30, end: new Date('2026-11-20T00:00:00Z'), seed: 3 })) {
  for (const e of events) {
    if (written >= target) break;
    if (!out.write(`${JSON.stringify(e)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    written++;
  }
  if (written >= target) break;
}
await new Promise<void>((r) => out.end(() => r()));
console.log(`${written.toLocaleString('en-US')} events, ${(fs.statSync(file).size / 1024 / 1024).toFixed(0)} MB of JSONL`);

const bin = fileURLToPath(new URL('../bin/botwatch.js', import.meta.url));

/** Runs the import and samples its peak RSS from /proc while it runs. */
function runImport(env: Record<string, string>): Promise<{ seconds: number; peakRssMb: number; output: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'import', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let peakKb = 0;
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm?.[1]) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // the process has just exited
      }
    }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sample);
      if (code !== 0) reject(new Error(`import exited ${code}: ${output}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakRssMb: Math.round(peakKb / 1024), output: output.trim() });
    });
  });
}

const pgSchema = await openBenchSchema('bench_import');
const onPostgres = await runImport({ DATABASE_URL: pgSchema.url });
await pgSchema.drop();
console.log(`PostgreSQL: ${onPostgres.output}\n  peak RSS ${onPostgres.peakRssMb} MB, ${Math.round(written / onPostgres.seconds).toLocaleString('en-US')} events/s`);

const dataDir = path.join(dir, 'data');
const onPglite = await runImport({ BOTWATCH_DATA_DIR: dataDir, DATABASE_URL: '' });
console.log(`PGlite:     ${onPglite.output}\n  peak RSS ${onPglite.peakRssMb} MB, ${Math.round(written / onPglite.seconds).toLocaleString('en-US')} events/s`);
fs.rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    bench: 'import',
    events: written,
    postgres: { peakRssMb: onPostgres.peakRssMb, eventsPerSecond: Math.round(written / onPostgres.seconds) },
    pglite: { peakRssMb: onPglite.peakRssMb, eventsPerSecond: Math.round(written / onPglite.seconds) },
  }),
);
