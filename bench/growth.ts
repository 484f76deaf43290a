/**
 * `npm run bench:growth` — cost curves: the same answers, an alert cycle, a digest, ingest and the
 * bytes on disk at 0.25M, 1M and 4M conversations (bench/growth-sizes.ts), so a team can see how
 * each grows with data. Datasets missing are loaded first when the disk has room (with COPY, or
 * through botwatch's own ingest path with `BENCH_LOAD=ingest`: bench/load-dataset.ts);
 * `BENCH_GROWTH_LOAD=none` skips them instead, `BENCH_GROWTH_LOAD=only` loads and measures nothing;
 * `BENCH_GROWTH_SIZES=0.25M,1M` picks sizes. Prints a table, writes docs/images/growth.png
 * (log-log), ends with one line of JSON.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { growthSizes, freeDiskBytes, loadedConversations, loadGrowthSize } from './growth-sizes.ts';
import { migrateDataset } from './load-dataset.ts';
import { growthQuestions, measureSize, type SizeFigures } from './growth-measure.ts';
import { writeGrowthPlot, type PlotPoint } from './growth-plot.ts';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const cycles = Number(process.env.BENCH_CYCLES ?? 4);
const ingestEvents = Number(process.env.BENCH_INGEST_EVENTS ?? 10_000);
const wanted = (process.env.BENCH_GROWTH_SIZES ?? growthSizes.map((s) => s.label).join(',')).split(',');
const loadMode = process.env.BENCH_GROWTH_LOAD ?? 'missing';
if (!['missing', 'none', 'only'].includes(loadMode)) throw new Error(`BENCH_GROWTH_LOAD: expected missing, none or only, got ${JSON.stringify(loadMode)}`);
const load = loadMode !== 'none';
/** Bytes one conversation takes on disk (events, facts, rollups, indexes, free space): ~5 KB measured, with room. */
const BYTES_PER_CONVERSATION = 5_500;

const measured: { label: string; figures: SizeFigures; load: number[] }[] = [];
const skipped: string[] = [];
for (const size of growthSizes.filter((s) => wanted.includes(s.label))) {
  const have = await loadedConversations(size.url);
  if (have < size.conversations * 0.99) {
    const free = await freeDiskBytes(size.url);
    const need = (size.conversations - have) * BYTES_PER_CONVERSATION;
    if (!load) {
      skipped.push(`${size.label}: not loaded (BENCH_GROWTH_LOAD=none)`);
      continue;
    }
    if (free !== undefined && free < 2 * need) {
      skipped.push(`${size.label}: needs ~${gb(need)} GB, ${gb(free)} GB free (kept under half the free disk)`);
      continue;
    }
    console.log(`loading ${size.label} conversations into ${new URL(size.url).pathname.slice(1)} (~${gb(need)} GB)…`);
    await loadGrowthSize(size);
  }
  if (loadMode === 'only') continue;
  await migrateDataset(size.url);
  console.log(`measuring ${size.label}…`);
  const before = os.loadavg()[0] ?? 0;
  const figures = await measureSize(size.url, { runs, cycles, ingestEvents });
  measured.push({ label: size.label, figures, load: [round(before), round(os.loadavg()[0] ?? 0)] });
}
if (loadMode === 'only') {
  console.log(`loaded; nothing measured (BENCH_GROWTH_LOAD=only)${skipped.length > 0 ? `; skipped: ${skipped.join('; ')}` : ''}`);
  process.exit(0);
}
if (measured.length === 0) {
  console.error(`nothing measured: ${skipped.join('; ')}`);
  process.exit(1);
}

const columns = measured.map((m) => m.label.padStart(18)).join('');
console.log(`\np95 in ms (median in brackets), ${runs} runs per answer, ${cycles} alert cycles; machine: ${os.cpus().length} CPUs`);
console.log(`${''.padEnd(52)}${columns}`);
const row = (label: string, cell: (f: SizeFigures) => string) => console.log(`${label.padEnd(52)}${measured.map((m) => cell(m.figures).padStart(18)).join('')}`);
for (const question of growthQuestions) row(question, (f) => `${f.answers[question]!.p95} (${f.answers[question]!.median})`);
row('alert cycle, 1,000 rules', (f) => `${f.alertCycle.p95} (${f.alertCycle.median})`);
row('weekly digest, all bots', (f) => `${f.digest.p95} (${f.digest.median})`);
row('ingest, events/s (storeEvents, 1,000-event batches)', (f) => String(f.ingestEventsPerSecond));
row('events', (f) => f.events.toLocaleString('en-US'));
for (const table of ['events', 'conversation_facts', 'fact_rollups', 'step_rollups']) {
  row(`${table}: table + indexes, MB`, (f) => {
    const s = f.storage.find((r) => r.table === table);
    return s ? `${mb(s.tableBytes)} + ${mb(s.indexBytes)}` : '–';
  });
}
row('all four per million events, MB', (f) => String(mb(totalBytes(f) / (f.events / 1e6))));
row('1-minute load average (start, end)', (f) => measured.find((m) => m.figures === f)!.load.join(', '));
if (skipped.length > 0) console.log(`skipped: ${skipped.join('; ')}`);

const plotPoints: PlotPoint[] = measured.flatMap((m) => [
  ...growthQuestions.map((q) => ({ series: q.split(' ')[0]!, conversations: m.figures.conversations, ms: m.figures.answers[q]!.p95 })),
  { series: 'digest', conversations: m.figures.conversations, ms: m.figures.digest.p95 },
  { series: 'alert cycle', conversations: m.figures.conversations, ms: m.figures.alertCycle.p95 },
]);
const plot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'images', 'growth.png');
await writeGrowthPlot(plot, plotPoints, `${measured.map((m) => m.label).join(', ')} conversations · 30 days, three bots · 2 cores, load average ${Math.max(...measured.flatMap((m) => m.load)).toFixed(1)} or less`);
console.log(`plot: ${path.relative(process.cwd(), plot)}`);

const growth = measured.length >= 2 ? growthRatios(measured.at(-2)!.figures, measured.at(-1)!.figures) : {};
console.log(JSON.stringify({ bench: 'growth', runs, cycles, sizes: measured.map((m) => ({ label: m.label, loadAverage: m.load, ...m.figures })), p95GrowthLastStep: growth, skipped }));

function growthRatios(a: SizeFigures, b: SizeFigures): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of growthQuestions) out[q] = round(b.answers[q]!.p95 / a.answers[q]!.p95);
  out['alert cycle'] = round(b.alertCycle.p95 / a.alertCycle.p95);
  out.digest = round(b.digest.p95 / a.digest.p95);
  return out;
}

function totalBytes(f: SizeFigures): number {
  return f.storage.reduce((sum, s) => sum + s.tableBytes + s.indexBytes, 0);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
function mb(bytes: number): number {
  return Math.round(bytes / 1_048_576);
}
function gb(bytes: number): string {
  return (bytes / 1_073_741_824).toFixed(1);
}
