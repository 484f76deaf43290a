/**
 * `npm run bench:demo` — a newcomer's first `npm start`: `botwatch serve` on a fresh embedded
 * database, in a child process. How long until it answers, until the last 7 days of demo data are
 * in, until the month is; how quickly the console answers while the month loads; peak memory and
 * the size of the data folder. Prints figures, then one line of JSON.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConsoleStatus } from '../src/console/feed-entry.ts';
import { killHard, startChildServer } from '../test/helpers/child-server.ts';
import { median } from './bench-database.ts';
import { watchPeakRss } from './peak-rss.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-bench-demo-'));
const started = performance.now();
const seconds = (from = started) => Number(((performance.now() - from) / 1000).toFixed(1));
const server = await startChildServer({ BOTWATCH_DATA_DIR: dir, BOTWATCH_DEMO: 'auto' });
const rss = watchPeakRss(server.child.pid ?? 0);
const listening = seconds();

const latencies: number[] = [];
let sevenDays: number | undefined;
let status: ConsoleStatus['demo'] = null;
try {
  for (;;) {
    const asked = performance.now();
    status = ((await (await fetch(`${server.url}/console/status`)).json()) as ConsoleStatus).demo;
    latencies.push(performance.now() - asked);
    if (sevenDays === undefined && (status?.loadedDays ?? 0) >= 7) sevenDays = seconds();
    if (status?.status !== 'loading') break;
    await new Promise((r) => setTimeout(r, 250));
  }
} finally {
  await killHard(server.child);
  rss.stop();
}
const loaded = seconds();
const log = server.output();
const loadedLine = /"msg":"demo data loaded","conversations":(\d+),"events":(\d+),"seconds":([\d.]+)/.exec(log);
const events = Number(loadedLine?.[2] ?? 0);
const loadSeconds = Number(loadedLine?.[3] ?? 0);
const folderBytes = (function size(p: string): number {
  const stat = fs.statSync(p);
  return stat.isDirectory() ? fs.readdirSync(p).reduce((s, f) => s + size(path.join(p, f)), 0) : stat.size;
})(dir);
fs.rmSync(dir, { recursive: true, force: true });

const sorted = [...latencies].sort((a, b) => a - b);
const figures = {
  answersAfterSeconds: listening,
  lastSevenDaysAfterSeconds: sevenDays ?? null,
  monthLoadedAfterSeconds: loaded,
  events,
  eventsPerSecond: loadSeconds > 0 ? Math.round(events / loadSeconds) : null,
  consoleLatencyWhileLoadingMs: { median: Math.round(median(sorted)), max: Math.round(sorted[sorted.length - 1] ?? 0), requests: sorted.length },
  peakRssMb: Math.round((rss.peakKb() ?? 0) / 1024),
  dataFolderMb: Math.round(folderBytes / 1_048_576),
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
};
console.log(`botwatch answers ${figures.answersAfterSeconds} s after start (embedded database created and migrated)`);
console.log(`last 7 days of demo data in after ${figures.lastSevenDaysAfterSeconds} s; the month (${events.toLocaleString('en-US')} events) after ${figures.monthLoadedAfterSeconds} s, ${figures.eventsPerSecond?.toLocaleString('en-US')} events/s`);
console.log(`console status while loading: median ${figures.consoleLatencyWhileLoadingMs.median} ms, max ${figures.consoleLatencyWhileLoadingMs.max} ms over ${sorted.length} requests`);
console.log(`peak RSS ${figures.peakRssMb} MB, data folder ${figures.dataFolderMb} MB, load average ${figures.loadAverage.join(' ')}`);
console.log(JSON.stringify(figures));
