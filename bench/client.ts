/**
 * `npm run bench:client` — what connecting a live bot costs, measured in one run against a local
 * botwatch (child process, real PostgreSQL):
 * - events/s one BotwatchClient delivers (track() then close()) against posting the same events
 *   as ready-made JSON batches of the same size, one request at a time (the raw /v1/events rate);
 * - the time one track() call takes on the caller's path (p50/p99), beside building the bare event;
 * - the turn latency BotwatchMiddleware adds to a botbuilder bot on TestAdapter (p95 with it
 *   minus p95 without it, turns alternated, the event loop turning between turns).
 * Prints figures, then one line of JSON.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { TestAdapter } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { BotwatchClient } from '../src/client/index.ts';
import { createApiKey } from '../src/keys/api-keys.ts';
import { BotwatchMiddleware } from '../src/intake/botframework/index.ts';
import { killHard, startChildServer } from '../test/helpers/child-server.ts';
import { median, openBenchSchema, percentile } from './bench-database.ts';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const batchSize = Number(process.env.BENCH_BATCH ?? 100);
const eventsPerRun = Number(process.env.BENCH_EVENTS ?? 10_000);
const trackCalls = Number(process.env.BENCH_TRACK_CALLS ?? 100_000);
const turns = Number(process.env.BENCH_TURNS ?? 2_000);

const loadBefore = os.loadavg();
const bench = await openBenchSchema('bench_client');
const { key } = await createApiKey(bench.db, 'bench', { ratePerSecond: 10_000_000 });
const server = await startChildServer({ DATABASE_URL: bench.url, BOTWATCH_DB_POOL_SIZE: '8' });
console.log(`botwatch at ${server.url}; ${eventsPerRun.toLocaleString('en-US')} events per run in batches of ${batchSize}, ${runs} runs; load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);

const eventAt = (run: string, i: number) => ({
  id: `${run}-${i}`,
  type: 'message.received' as const,
  timestamp: new Date(Date.now() - 1000 + (i % 1000)).toISOString(),
  botId: run,
  conversationId: `c-${Math.floor(i / 10)}`,
  userId: `u-${Math.floor(i / 10)}`,
  channel: 'web',
});

async function storedCount(botId: string): Promise<number> {
  const [row] = await bench.db.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE bot_id = $1', [botId]);
  return row?.n ?? 0;
}

/** The raw rate: the same events as prepared JSON batches, posted one request at a time. */
async function rawRun(run: string): Promise<number> {
  const bodies: string[] = [];
  for (let i = 0; i < eventsPerRun; i += batchSize) bodies.push(JSON.stringify(Array.from({ length: Math.min(batchSize, eventsPerRun - i) }, (_, j) => eventAt(run, i + j))));
  const started = performance.now();
  for (const body of bodies) {
    const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    const answer = (await res.json()) as { accepted?: number };
    if (res.status !== 200 || answer.accepted === undefined) throw new Error(`raw post: ${res.status} ${JSON.stringify(answer)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  if ((await storedCount(run)) !== eventsPerRun) throw new Error(`raw run ${run}: not every event was stored`);
  return eventsPerRun / seconds;
}

/** The client: track() every event, then close() (which resolves when everything is stored). */
async function clientRun(run: string): Promise<number> {
  const client = new BotwatchClient({ url: server.url, apiKey: key, botId: run, batchSize, maxBuffer: eventsPerRun });
  const started = performance.now();
  for (let i = 0; i < eventsPerRun; i++) {
    const { type, ...fields } = eventAt(run, i);
    client.track({ type, ...fields });
  }
  const stats = await client.close({ timeoutMs: 120_000 });
  const seconds = (performance.now() - started) / 1000;
  if (stats.accepted !== eventsPerRun || (await storedCount(run)) !== eventsPerRun) throw new Error(`client run ${run}: ${JSON.stringify(stats)}`);
  return eventsPerRun / seconds;
}

/**
 * Each track() call timed on its own, with the client sending to botwatch meanwhile; beside it, in
 * the same run, the least any client must do per event (build the event with an id and a time,
 * keep it in an array), timed the same way: on this shared machine absolute µs drift with load.
 */
async function trackTimes(): Promise<{ p50: number; p99: number; baselineP50: number; baselineP99: number }> {
  const client = new BotwatchClient({ url: server.url, apiKey: key, botId: 'bench-track', batchSize, maxBuffer: 10_000 });
  const kept: unknown[] = [];
  const times = new Float64Array(trackCalls);
  const baseline = new Float64Array(trackCalls);
  for (let i = 0; i < trackCalls; i++) {
    let t0 = performance.now();
    client.messageReceived(`c-${i % 500}`, { userId: `u-${i % 500}`, channel: 'web' });
    times[i] = performance.now() - t0;
    t0 = performance.now();
    kept.push({ id: randomUUID(), type: 'message.received', timestamp: new Date().toISOString(), botId: 'bench-track', conversationId: `c-${i % 500}`, userId: `u-${i % 500}`, channel: 'web' });
    baseline[i] = performance.now() - t0;
    // Let the sender run between bursts, as a bot's event loop would.
    if (i % 1_000 === 999) {
      kept.length = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await client.close({ timeoutMs: 120_000 });
  const us = (xs: Float64Array) => Array.from(xs, (ms) => ms * 1000);
  return { p50: percentile(us(times), 50), p99: percentile(us(times), 99), baselineP50: percentile(us(baseline), 50), baselineP99: percentile(us(baseline), 99) };
}

/** Turn times on TestAdapter with and without the middleware, alternated so drift hits both alike. */
async function turnLatency(): Promise<{ withoutP95: number; withP95: number }> {
  const client = new BotwatchClient({ url: server.url, apiKey: key, botId: 'bench-turns', batchSize, maxBuffer: 100_000 });
  const bot = async (context: { sendActivity(text: string): Promise<unknown> }) => {
    await context.sendActivity('Your order ships tomorrow.');
  };
  const plain = new TestAdapter(bot);
  const watched = new TestAdapter(bot).use(new BotwatchMiddleware({ client }));
  const turn = (adapter: TestAdapter, i: number) =>
    adapter.processActivity({ type: 'message', text: 'where is my order?', conversation: { id: `c-${i % 200}` } as Activity['conversation'], from: { id: `u-${i % 200}`, name: 'User' } });
  const without: number[] = [];
  const withIt: number[] = [];
  for (let i = 0; i < 200; i++) {
    await turn(plain, i);
    await turn(watched, i);
  }
  for (let i = 0; i < turns; i++) {
    for (const [adapter, times] of i % 2 === 0 ? ([[plain, without], [watched, withIt]] as const) : ([[watched, withIt], [plain, without]] as const)) {
      const t0 = performance.now();
      await turn(adapter, i);
      times.push(performance.now() - t0);
      // Between turns the event loop turns, as it does for a bot driven by HTTP requests: the
      // middleware maps the turn's activities then, off the turn's path.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await client.close({ timeoutMs: 120_000 });
  return { withoutP95: percentile(without, 95), withP95: percentile(withIt, 95) };
}

try {
  const raw: number[] = [];
  const viaClient: number[] = [];
  // Warm both paths up (partitions, JIT, connections), then alternate which goes first.
  await rawRun('bench-warm-raw');
  await clientRun('bench-warm-client');
  for (let r = 0; r < runs; r++) {
    if (r % 2 === 0) {
      raw.push(await rawRun(`bench-raw-${r}`));
      viaClient.push(await clientRun(`bench-client-${r}`));
    } else {
      viaClient.push(await clientRun(`bench-client-${r}`));
      raw.push(await rawRun(`bench-raw-${r}`));
    }
    console.log(`run ${r + 1}: raw /v1/events ${Math.round(raw.at(-1)!).toLocaleString('en-US')} events/s · client ${Math.round(viaClient.at(-1)!).toLocaleString('en-US')} events/s`);
  }
  const track = await trackTimes();
  console.log(`track(): p50 ${track.p50.toFixed(2)} µs · p99 ${track.p99.toFixed(2)} µs over ${trackCalls.toLocaleString('en-US')} calls (building the bare event: p50 ${track.baselineP50.toFixed(2)} µs · p99 ${track.baselineP99.toFixed(2)} µs)`);
  const turnsMeasured = await turnLatency();
  const addedP95 = turnsMeasured.withP95 - turnsMeasured.withoutP95;
  console.log(`turn p95 on TestAdapter: ${turnsMeasured.withoutP95.toFixed(3)} ms without, ${turnsMeasured.withP95.toFixed(3)} ms with the middleware (added ${addedP95.toFixed(3)} ms) over ${turns.toLocaleString('en-US')} turns each`);

  const result = {
    bench: 'client',
    batchSize,
    eventsPerRun,
    runs,
    rawEventsPerSecond: Math.round(median(raw)),
    clientEventsPerSecond: Math.round(median(viaClient)),
    clientToRawRatio: Number((median(viaClient) / median(raw)).toFixed(2)),
    trackP50Us: Number(track.p50.toFixed(2)),
    trackP99Us: Number(track.p99.toFixed(2)),
    bareEventP50Us: Number(track.baselineP50.toFixed(2)),
    bareEventP99Us: Number(track.baselineP99.toFixed(2)),
    turnP95WithoutMs: Number(turnsMeasured.withoutP95.toFixed(3)),
    turnP95WithMs: Number(turnsMeasured.withP95.toFixed(3)),
    middlewareAddedP95Ms: Number(addedP95.toFixed(3)),
    loadavg: [...loadBefore, ...os.loadavg()].map((l) => Number(l.toFixed(2))),
  };
  console.log(`median: client ${result.clientEventsPerSecond.toLocaleString('en-US')} events/s = ${Math.round(result.clientToRawRatio * 100)} % of raw ${result.rawEventsPerSecond.toLocaleString('en-US')} (goal ≥ 80 %) · track() p99 ${result.trackP99Us} µs (goal ≤ 20) · middleware +${result.middlewareAddedP95Ms} ms p95 (goal ≤ 0.2)`);
  console.log(JSON.stringify(result));
} finally {
  await killHard(server.child);
  await bench.drop();
}
