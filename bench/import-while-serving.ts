/**
 * `npm run bench:import-while-serving [-- --conversations N]` — a large `botwatch import` while
 * `botwatch serve` holds the embedded database: the import reaches the server's database through
 * its socket, and the console keeps being asked a question every 100 ms. Events generated with
 * `botwatch gen` (default 100,000 conversations ≈ 1M events). Prints the import's events/s and the
 * console's answer times before and during the import, then one line of JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { killHard, startChildServer } from '../test/helpers/child-server.ts';
import { runCli } from '../test/helpers/run-cli.ts';
import { median, percentile } from './bench-database.ts';

const { values } = parseArgs({ options: { conversations: { type: 'string', default: '100000' } } });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-bench-iws-'));
const file = path.join(dir, 'events.jsonl');
const env = { BOTWATCH_DATA_DIR: dir };
const question = 'summary 24h';

const generated = await runCli(['gen', '--conversations', values.conversations, '--days', '30', '--out', file], env);
if (generated.code !== 0) throw new Error(`botwatch gen failed: ${generated.stderr}`);
const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

const server = await startChildServer(env);
const ask = async (): Promise<number> => {
  const asked = performance.now();
  const res = await fetch(`${server.url}/console/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: question }) });
  if (!res.ok) throw new Error(`console answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now() - asked;
};
/** Asks every 100 ms (or as soon as the previous answer came, if it took longer) until `until` settles. */
const askEvery100ms = async (until: Promise<unknown>): Promise<number[]> => {
  let done = false;
  void until.finally(() => (done = true));
  const times: number[] = [];
  while (!done) {
    const next = new Promise((r) => setTimeout(r, 100));
    times.push(await ask());
    await next;
  }
  return times;
};

let idle: number[] = [];
let during: number[] = [];
let importSeconds = 0;
let importOutput = '';
try {
  idle = await askEvery100ms(new Promise((r) => setTimeout(r, 3_000)));
  const started = performance.now();
  const importing = new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/botwatch.js', 'import', file], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c: Buffer) => (importOutput += c.toString()));
    child.stderr.on('data', (c: Buffer) => (importOutput += c.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`import exited with ${code}: ${importOutput}`))));
  });
  during = await askEvery100ms(importing);
  await importing;
  importSeconds = (performance.now() - started) / 1000;
} finally {
  await killHard(server.child);
  fs.rmSync(dir, { recursive: true, force: true });
}

const accepted = Number(/([\d,]+) accepted/.exec(importOutput)?.[1]?.replace(/,/g, '') ?? NaN);
const ms = (xs: number[]) => ({ median: Math.round(median(xs)), p95: Math.round(percentile(xs, 95)), max: Math.round(Math.max(...xs)), requests: xs.length });
const figures = {
  events: lines,
  accepted,
  importSeconds: Number(importSeconds.toFixed(1)),
  eventsPerSecond: Math.round(lines / importSeconds),
  question,
  consoleIdleMs: ms(idle),
  consoleDuringImportMs: ms(during),
  p95Ratio: Number((percentile(during, 95) / percentile(idle, 95)).toFixed(1)),
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
};
console.log(`imported ${lines.toLocaleString('en-US')} events through the running server in ${figures.importSeconds} s: ${figures.eventsPerSecond.toLocaleString('en-US')} events/s`);
console.log(`console "${question}": idle p95 ${figures.consoleIdleMs.p95} ms; during the import median ${figures.consoleDuringImportMs.median} ms, p95 ${figures.consoleDuringImportMs.p95} ms, max ${figures.consoleDuringImportMs.max} ms over ${figures.consoleDuringImportMs.requests} requests`);
console.log(`load average ${figures.loadAverage.join(' ')}`);
console.log(JSON.stringify(figures));
