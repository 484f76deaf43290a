/**
 * `npm run bench:charts`: how long a chart takes to render, warm, in one process, per kind
 * (median and p95 over many renders), the 30-point series with and without the runtime cache
 * (renders taken in turn), where its time goes stage by stage against resvg alone on the same SVG
 * (the floor), and whether memory stays flat over 1,000 renders.
 * Prints the figures, then one line of JSON holding them, as every benchmark does (docs/performance.md).
 */
import os from 'node:os';
import { compile } from 'vega-lite';
import { chartAltText } from '../src/charts/chart-alt-text.ts';
import { chartRuntimeCacheCounts } from '../src/charts/chart-runtime-cache.ts';
import { chartSpec } from '../src/charts/chart-spec.ts';
import { encodePng } from '../src/charts/encode-png.ts';
import { layOutSvg, PIXEL_RATIO, rasteriseSvg, renderChartPng, renderChartSvg } from '../src/charts/render-chart-png.ts';
import { chartStageTimes, sameAsPipeline } from './chart-stages.ts';
import type { ChartRequest } from '../src/replies/reply.ts';
import { edgeCaseRequests } from '../scripts/chart-edge-case-requests.ts';
import { sampleRequests } from '../scripts/chart-sample-requests.ts';

const RUNS_PER_KIND = Number(process.env.BENCH_RUNS ?? 100);
const WARM_UP = 10;
const MEMORY_RENDERS = 1_000;

const samples = sampleRequests();
const edges = edgeCaseRequests();
const cases: [string, ChartRequest][] = [
  ['timeseries (30 points, previous period, threshold)', samples['chart-timeseries']!],
  ['timeseries (1,000 hourly points)', edges['timeseries-1000-hourly']!],
  ['bars (5 channels)', samples['chart-bars']!],
  ['funnel (5 steps)', samples['chart-funnel']!],
  ['outcomes', samples['chart-outcomes']!],
  ['digest (6 panels)', samples['chart-digest']!],
  ['no-data card', edges['timeseries-empty']!],
];

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

/**
 * Wall-clock median and p95, and the mean CPU time (all threads of the process) per run. On a
 * shared machine wall time grows with other processes' load; CPU time mostly does not.
 */
async function time(fn: () => Promise<unknown>, runs: number): Promise<{ median: number; p95: number; cpu: number }> {
  const ms: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuBefore);
  ms.sort((a, b) => a - b);
  return { median: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), cpu: round((cpu.user + cpu.system) / 1000 / runs) };
}

const round = (n: number): number => Math.round(n * 10) / 10;
const round2 = (n: number): number => Math.round(n * 100) / 100;
const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;

function settledMemory(): { heapMb: number; rssMb: number } {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return { heapMb: mb(usage.heapUsed), rssMb: mb(usage.rss) };
}

const coldStart = performance.now();
await renderChartPng(cases[0]![1]);
const firstChartMs = round(performance.now() - coldStart);

const loadBefore = os.loadavg()[0] ?? 0;
const kinds: { chart: string; medianMs: number; p95Ms: number; cpuMs: number; svgMedianMs: number }[] = [];
for (const [name, request] of cases) {
  for (let i = 0; i < WARM_UP; i++) await renderChartPng(request);
  const total = await time(() => renderChartPng(request), RUNS_PER_KIND);
  const svg = await time(() => renderChartSvg(request), RUNS_PER_KIND);
  kinds.push({ chart: name, medianMs: total.median, p95Ms: total.p95, cpuMs: total.cpu, svgMedianMs: svg.median });
}

const [stageChart, stageRequest] = cases[0]!;

/**
 * A chart on its own, as a lone command draws it: each render after a pause with nothing drawn.
 * Within resvg's purge delay (src/charts/resvg.ts) its memory is reused; run with
 * MIMALLOC_PURGE_DELAY=10 (mimalloc's default) to see a chart drawn on fresh memory.
 */
async function afterPauses(request: ChartRequest, runs: number, pauseMs: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const start = performance.now();
    await renderChartPng(request);
    ms.push(performance.now() - start);
  }
  return round(percentile(ms.sort((a, b) => a - b), 50));
}
const PAUSE_MS = 1500;
const PAUSED_RUNS = 10;
const pausedMedian = await afterPauses(stageRequest, PAUSED_RUNS, PAUSE_MS);

/** renderChartPng as it was before the runtime cache: the request's own spec compiled and parsed every time. */
async function renderUncached(request: ChartRequest): Promise<void> {
  const image = await rasteriseSvg(await layOutSvg(compile(chartSpec(request)).spec));
  await encodePng(image.pixels, image.width, image.height);
  chartAltText(request);
}

/** Cached and uncached renders taken in turn, so both see the same load: median wall and CPU time (all threads). */
async function cachedAgainstUncached(request: ChartRequest, runs: number): Promise<{ cached: number; uncached: number; cachedCpu: number; uncachedCpu: number }> {
  const ms = { cached: [] as number[], uncached: [] as number[], cachedCpu: [] as number[], uncachedCpu: [] as number[] };
  const measure = async (render: () => Promise<unknown>, wall: number[], cpu: number[]) => {
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await render();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  };
  for (let i = 0; i < runs; i++) {
    await measure(() => renderChartPng(request), ms.cached, ms.cachedCpu);
    await measure(() => renderUncached(request), ms.uncached, ms.uncachedCpu);
  }
  const median = (xs: number[]) => round(percentile([...xs].sort((a, b) => a - b), 50));
  return { cached: median(ms.cached), uncached: median(ms.uncached), cachedCpu: median(ms.cachedCpu), uncachedCpu: median(ms.uncachedCpu) };
}
const withoutCache = await cachedAgainstUncached(stageRequest, RUNS_PER_KIND);

if (!(await sameAsPipeline(stageRequest))) throw new Error('the stage breakdown no longer follows renderChartPng');
const breakdown = await chartStageTimes(stageRequest, RUNS_PER_KIND);
const cache = chartRuntimeCacheCounts();

if (!globalThis.gc) console.warn('(run with node --expose-gc for settled memory figures)');
const before = settledMemory();
const checkpoints: { renders: number; heapMb: number; rssMb: number }[] = [];
for (let i = 1; i <= MEMORY_RENDERS; i++) {
  await renderChartPng(cases[i % cases.length]![1]);
  if (i % 250 === 0) checkpoints.push({ renders: i, ...settledMemory() });
}
const after = settledMemory();

const loadAverage = round(((os.loadavg()[0] ?? 0) + loadBefore) / 2);
console.log(`machine: ${os.cpus().length} CPUs, 1-minute load average ~${loadAverage} during the timings`);
console.log(`first chart in the process (cold): ${firstChartMs} ms`);
console.log(`warm renders, ${RUNS_PER_KIND} per chart, PNG at ${PIXEL_RATIO}x (cpu = CPU time per render, all threads; svg = spec + vega only):`);
for (const k of kinds) {
  console.log(
    `  ${k.chart.padEnd(52)} median ${String(k.medianMs).padStart(6)} ms   p95 ${String(k.p95Ms).padStart(6)} ms   cpu ${String(k.cpuMs).padStart(6)} ms   (svg ${k.svgMedianMs} ms)`,
  );
}
console.log(`${stageChart}, each after ${PAUSE_MS / 1000} s with nothing drawn (${PAUSED_RUNS} renders; resvg's allocator keeps freed memory ${process.env.MIMALLOC_PURGE_DELAY} ms): median ${pausedMedian} ms`);
console.log(`runtime cache: ${cache.hits} renders from a cached shape, ${cache.misses} shapes compiled, ${cache.uncacheable} renders of uncacheable shapes`);
console.log(`${stageChart}, ${RUNS_PER_KIND} renders each, in turn:`);
console.log(`  with the runtime cache ${withoutCache.cached} ms (cpu ${withoutCache.cachedCpu} ms), compiling and parsing every render (before) ${withoutCache.uncached} ms (cpu ${withoutCache.uncachedCpu} ms): ${round2(withoutCache.cached / withoutCache.uncached)}× wall, ${round2(withoutCache.cachedCpu / withoutCache.uncachedCpu)}× cpu`);
console.log(`where the time goes, ${stageChart}, median of ${RUNS_PER_KIND} runs per stage:`);
for (const [stage, ms] of Object.entries(breakdown.stages)) console.log(`  ${stage.padEnd(40)} ${String(ms).padStart(6)} ms`);
console.log(`  (text measurement: ${breakdown.measuredStrings} strings per chart)`);
console.log(`  ${'all stages'.padEnd(40)} ${String(breakdown.pipeline).padStart(6)} ms   = ${round2(breakdown.pipeline / breakdown.floor)}× the floor`);
console.log(`  ${'FLOOR: resvg alone, same SVG,'.padEnd(40)} ${String(breakdown.floor).padStart(6)} ms   (rasterise + asPng() at ${PIXEL_RATIO}x)`);
console.log(`  not in the pipeline any more: vega-lite compile ${breakdown.uncached.compile} ms, vega parse ${breakdown.uncached.parse} ms`);
console.log(`memory over ${MEMORY_RENDERS} renders (all kinds in turn), after gc:`);
console.log(`  before: heap ${before.heapMb} MB, rss ${before.rssMb} MB`);
for (const c of checkpoints) console.log(`  after ${String(c.renders).padStart(4)}: heap ${c.heapMb} MB, rss ${c.rssMb} MB`);
console.log(`  growth: heap ${round(after.heapMb - before.heapMb)} MB, rss ${round(after.rssMb - before.rssMb)} MB`);
console.log(
  JSON.stringify({
    bench: 'charts',
    node: process.version,
    cpus: os.cpus().length,
    loadAverage,
    runsPerKind: RUNS_PER_KIND,
    firstChartMs,
    pixelRatio: PIXEL_RATIO,
    kinds,
    afterPause: { chart: stageChart, pauseMs: PAUSE_MS, runs: PAUSED_RUNS, medianMs: pausedMedian, purgeDelayMs: Number(process.env.MIMALLOC_PURGE_DELAY) },
    runtimeCache: { ...cache, chart: stageChart, cachedMedianMs: withoutCache.cached, uncachedMedianMs: withoutCache.uncached, cachedCpuMs: withoutCache.cachedCpu, uncachedCpuMs: withoutCache.uncachedCpu },
    breakdown: { chart: stageChart, ...breakdown, pipelineOverFloor: round2(breakdown.pipeline / breakdown.floor) },
    memory: { renders: MEMORY_RENDERS, before, after, checkpoints },
  }),
);
