/**
 * `npm run bench:ingest` — events/s through POST /v1/events (5,000-event batches, 4 concurrent
 * clients, facts kept current) against loading the same rows with COPY (the physical baseline),
 * on real PostgreSQL, in one run. Prints figures, then one line of JSON.
 */
import { validateEvents } from '../src/events/validate-events.ts';
import { ensureEventPartitions, monthKey } from '../src/events/partitions.ts';
import { generateConversations } from '../src/gen/generate-events.ts';
import { median, openBenchSchema } from './bench-database.ts';
import { postConcurrently, withBenchServer } from './bench-server.ts';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const clients = 4;
const batchSize = 5_000;
const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 20_000);

const events = [...generateConversations({ conversations, days: 30, end: new Date('2026-11-20T00:00:00Z'), seed: 7 })].flat();
const bodies: string[] = [];
for (let i = 0; i < events.length; i += batchSize) bodies.push(JSON.stringify(events.slice(i, i + batchSize)));
console.log(`${events.length.toLocaleString('en-US')} events in ${bodies.length} batches of ≤ ${batchSize}, ${clients} concurrent clients, ${runs} runs each`);

async function apiRun(): Promise<number> {
  return withBenchServer('bench_ingest', async (server) => {
    const seconds = await postConcurrently(server, '/v1/events', bodies, {
      clients,
      contentType: 'application/json',
      check: async (res, i) => {
        const body = (await res.json()) as { accepted?: number };
        if (res.status !== 200 || body.accepted === undefined) throw new Error(`batch ${i}: ${res.status} ${JSON.stringify(body)}`);
      },
    });
    const [{ n } = { n: 0 }] = await server.db.query<{ n: number }>('SELECT count(*) AS n FROM events');
    const [{ f } = { f: 0 }] = await server.db.query<{ f: number }>('SELECT sum(event_count) AS f FROM conversation_facts');
    if (n !== events.length || f !== events.length) throw new Error(`stored ${n} events, facts count ${f}; expected ${events.length}`);
    return events.length / seconds;
  });
}

async function copyRun(): Promise<number> {
  const bench = await openBenchSchema('bench_copy');
  try {
    const { rows } = validateEvents(events, { storeMessageText: false });
    await ensureEventPartitions(bench.db, rows.map((r) => monthKey(r.ts)));
    const columns = Object.keys(rows[0] ?? {});
    const started = performance.now();
    const copied = await bench.db.copyRows!('events', columns, (function* () {
      for (const r of rows) yield Object.values(r).map((v: unknown) => (Array.isArray(v) ? `{${v.map((x) => JSON.stringify(x)).join(',')}}` : v));
    })());
    const seconds = (performance.now() - started) / 1000;
    if (copied !== events.length) throw new Error(`copied ${copied}`);
    return events.length / seconds;
  } finally {
    await bench.drop();
  }
}

const api: number[] = [];
const copy: number[] = [];
for (let r = 0; r < runs; r++) {
  api.push(await apiRun());
  copy.push(await copyRun());
  console.log(`run ${r + 1}: API ${Math.round(api.at(-1)!).toLocaleString('en-US')} events/s · COPY ${Math.round(copy.at(-1)!).toLocaleString('en-US')} rows/s`);
}
const result = {
  bench: 'ingest',
  events: events.length,
  apiEventsPerSecond: Math.round(median(api)),
  copyRowsPerSecond: Math.round(median(copy)),
  ratio: Number((median(api) / median(copy)).toFixed(2)),
};
console.log(`median: API ${result.apiEventsPerSecond.toLocaleString('en-US')} events/s (facts current) · COPY ${result.copyRowsPerSecond.toLocaleString('en-US')} rows/s · ratio ${result.ratio}`);
console.log(JSON.stringify(result));
