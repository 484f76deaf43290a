/**
 * `npm run bench [-- <name> …]` — runs every benchmark (or the named ones) one after another, each
 * in its own process as `npm run bench:<name>` runs it, and ends with how each went. The shared
 * 1,000,000-conversation dataset is loaded first when a benchmark that reads it is due.
 */
import { spawnSync } from 'node:child_process';

/** In order: the cheap ones first, the dataset readers together after `prepare`. */
const benches = [
  { name: 'ingest', dataset: false, what: 'events/s through POST /v1/events against COPY' },
  { name: 'import', dataset: false, what: 'peak RSS and speed of importing 1,000,000 JSONL events' },
  { name: 'import-transcript', dataset: false, what: 'Bot Framework transcript import speed' },
  { name: 'charts', dataset: false, what: 'time to draw each chart kind, and memory over many' },
  { name: 'teams', dataset: false, what: 'a Teams command end to end against the Bot Connector stand-in' },
  { name: 'demo', dataset: false, what: 'npm start to a console that answers, and the demo month loaded' },
  { name: 'import-while-serving', dataset: false, what: 'botwatch import through a running server, and the console\'s answer times meanwhile' },
  { name: 'client', dataset: false, what: 'botwatch/client delivery against raw POST /v1/events, track() time, the Bot Framework middleware\'s added turn latency' },
  { name: 'rasa', dataset: false, what: 'events/s consumed from Rasa\'s event broker (RabbitMQ) against importing the same export' },
  { name: 'otlp', dataset: false, what: 'spans/s through POST /v1/traces against the same spans as contract events' },
  { name: 'query', dataset: true, what: 'summary and trend queries against computing from raw events' },
  { name: 'list-total', dataset: true, what: 'drill-down totals from the rollups against counting the matches' },
  { name: 'slack', dataset: true, what: 'a signed slash command to the complete message at the Slack stand-in' },
  { name: 'digest', dataset: true, what: 'composing digests and the scheduler tick' },
  { name: 'alerts', dataset: true, what: 'one evaluation cycle of 1,000 alert rules' },
  { name: 'growth', dataset: true, what: 'answers, alert cycle, digest, ingest and bytes on disk at 0.25M, 1M and 4M conversations' },
  { name: 'anomaly', dataset: true, what: 'anomaly rules: recall and false alerts against a fixed threshold, and 1,000 rules measured in one cycle' },
] as const;

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !benches.some((b) => b.name === w));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${benches.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const chosen = benches.filter((b) => wanted.length === 0 || wanted.includes(b.name));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script: string): { ok: boolean; seconds: number } => {
  const started = performance.now();
  const child = spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit' });
  return { ok: child.status === 0, seconds: (performance.now() - started) / 1000 };
};

const results: { name: string; ok: boolean; seconds: number }[] = [];
let prepared = false;
for (const bench of chosen) {
  if (bench.dataset && !prepared) {
    console.log('\n=== prepare: the 1,000,000-conversation dataset (loaded once, kept in its own database)');
    const prepare = run('bench:prepare');
    results.push({ name: 'prepare', ...prepare });
    if (!prepare.ok) break;
    prepared = true;
  }
  console.log(`\n=== ${bench.name}: ${bench.what}`);
  results.push({ name: bench.name, ...run(`bench:${bench.name}`) });
}

console.log('\nbenchmark            result   took');
for (const r of results) console.log(`${r.name.padEnd(20)} ${(r.ok ? 'ok' : 'FAILED').padEnd(8)} ${r.seconds.toFixed(0)} s`);
if (results.some((r) => !r.ok)) process.exit(1);
