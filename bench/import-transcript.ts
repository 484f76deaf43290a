/**
 * `npm run bench:import-transcript [-- --mb 200] [--heap 64]`: generates a Bot Framework transcript of the
 * given size, imports it with `botwatch import` in a child process (into DATABASE_URL, or a fresh
 * embedded database whose schema is created first so initdb is not measured), and prints
 * throughput and peak RSS, ending with one line of JSON holding the figures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeTranscript } from '../src/gen/generate-transcript.ts';
import { runImport } from './run-import.ts';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' }, heap: { type: 'string' } } });
const megabytes = Number(values.mb);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-bench-import-'));
try {
  const file = path.join(dir, 'bench.transcript');
  const out = fs.createWriteStream(file);
  const stats = await writeTranscript(out, { targetBytes: megabytes * 1024 * 1024, seed: 1 });
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));

  const env: Record<string, string> = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { BOTWATCH_DATA_DIR: path.join(dir, 'data') };
  const bin = fileURLToPath(new URL('../bin/botwatch.js', import.meta.url));
  execFileSync(process.execPath, [bin, 'migrate'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
  const botId = `bench-import-${Date.now().toString(36)}`;
  const run = await runImport(file, botId, env, values.heap === undefined ? [] : [`--max-old-space-size=${values.heap}`]);
  if (run.code !== 0) throw new Error(`import failed (${run.code}): ${run.stderr}`);

  const figures = {
    engine: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    fileMB: Math.round((stats.bytes / 1024 / 1024) * 10) / 10,
    activities: stats.activities,
    events: stats.events,
    seconds: Math.round(run.seconds * 10) / 10,
    mbPerSecond: Math.round((stats.bytes / 1024 / 1024 / run.seconds) * 10) / 10,
    activitiesPerSecond: Math.round(stats.activities / run.seconds),
    eventsPerSecond: Math.round(stats.events / run.seconds),
    peakRssMB: run.peakRssKb === undefined ? null : Math.round(run.peakRssKb / 1024),
    heapCapMB: values.heap === undefined ? null : Number(values.heap),
  };
  console.log(run.stdout.trim());
  console.log(
    `${figures.fileMB} MB transcript (${figures.activities.toLocaleString('en-US')} activities → ${figures.events.toLocaleString('en-US')} events) on ${figures.engine}: ` +
      `${figures.seconds} s, ${figures.mbPerSecond} MB/s, ${figures.activitiesPerSecond.toLocaleString('en-US')} activities/s, ${figures.eventsPerSecond.toLocaleString('en-US')} events/s, peak RSS ${figures.peakRssMB ?? 'n/a'} MB`,
  );
  console.log(JSON.stringify(figures));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
