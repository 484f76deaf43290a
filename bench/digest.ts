/**
 * `npm run bench:digest` — digests at scale, on the real PostgreSQL:
 *  1. composing a digest on the benchmark dataset (1,000,000 conversations; `npm run bench:prepare`
 *     loads it; read only): daily and weekly, all bots and one bot, median and p95 over N runs;
 *  2. the scheduler's own cost, in a schema of its own (dropped at the end): 1,000 subscriptions
 *     due at the same minute, two replicas ticking together — time until every slot is posted (each
 *     exactly once), and a tick with nothing due. Composing is left out of (2) (a fixed reply), so
 *     it measures claiming, leases and delivery bookkeeping alone.
 * Prints figures, then one line of JSON.
 */
import type { Deliverer } from '../src/chat/deliver.ts';
import { composeDigest } from '../src/digests/content/compose-digest.ts';
import type { DigestContentSpec } from '../src/digests/subscription.ts';
import { DigestScheduler } from '../src/digests/scheduler.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { silentLogger } from '../src/log.ts';
import type { Reply } from '../src/replies/reply.ts';
import { median, openBenchSchema, percentile } from './bench-database.ts';
import { benchDataset, benchDatasetUrl } from './dataset.ts';

const runs = Number(process.env.BENCH_RUNS ?? 10);
const subscriptions = Number(process.env.BENCH_SUBSCRIPTIONS ?? 1000);
const round = (ms: number) => Math.round(ms * 10) / 10;

async function time(label: string, n: number, work: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  await work(); // warm
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
  }
  const out = { median: round(median(ms)), p95: round(percentile(ms, 95)) };
  console.log(`${label.padEnd(52)} median ${String(out.median).padStart(8)} ms   p95 ${String(out.p95).padStart(8)} ms`);
  return out;
}

// 1. Composing on the dataset.
const dataset = openPgDatabase({ connectionString: benchDatasetUrl, logger: silentLogger, poolSize: 4 });
const [{ conversations = 0 } = {}] = await dataset.query<{ conversations: number }>('SELECT count(*) AS conversations FROM conversation_facts');
if (conversations === 0) {
  console.error(`no benchmark dataset at ${benchDatasetUrl}; run \`npm run bench:prepare\` first`);
  process.exit(1);
}
const end = new Date(benchDataset.end);
const slot = new Date(end.getTime() + 8 * 3_600_000); // 08:00 UTC on the dataset's last day (a Monday)
const ctx = { db: dataset, now: end, idleMinutes: 30, logger: silentLogger };
const spec = (over: Partial<DigestContentSpec>): DigestContentSpec => ({ cadence: 'daily', timeZone: 'Europe/Berlin', bots: [], metrics: [], ...over });
console.log(`dataset: ${conversations.toLocaleString('en-US')} conversations; slot ${slot.toISOString()}; ${runs} runs each`);
const compose = {
  dailyAllBots: await time('compose daily digest, all bots', runs, () => composeDigest(spec({}), slot, ctx)),
  dailyOneBot: await time('compose daily digest, support-bot', runs, () => composeDigest(spec({ bots: ['support-bot'] }), slot, ctx)),
  weeklyAllBots: await time('compose weekly digest, all bots', runs, () => composeDigest(spec({ cadence: 'weekly' }), slot, ctx)),
};
await dataset.close();

// 2. Scheduling 1,000 slots at once across two replicas.
const bench = await openBenchSchema('bench_digest');
let schedule: Record<string, number> = {};
try {
  await bench.db.query(
    `INSERT INTO digest_subscriptions (platform, channel_id, cadence, hour, minute, time_zone, created_by, created_at, active_since)
     SELECT 'slack', 'C' || g, 'daily', 9, 0, 'UTC', 'bench', $1, $1 FROM generate_series(1, $2) AS g`,
    [new Date('2026-12-01T00:00:00Z'), subscriptions],
  );
  let clock = new Date('2026-12-01T09:00:00Z');
  const posted = new Map<string, number>();
  const deliverer: Deliverer = {
    platform: 'slack',
    deliver(destination) {
      posted.set(destination.channelId, (posted.get(destination.channelId) ?? 0) + 1);
      return Promise.resolve({ ok: true, messageId: `m-${destination.channelId}` });
    },
  };
  const reply: Reply = { kind: 'digest', title: 'Daily digest', figures: [], notes: [] };
  const replica = (name: string) =>
    new DigestScheduler({ db: bench.db, deliverers: { slack: deliverer }, compose: () => Promise.resolve(reply), now: () => clock, logger: silentLogger, replicaId: name, leaseMs: 300_000, graceMs: 7_200_000 });
  const [a, b] = [replica('a'), replica('b')];
  const started = performance.now();
  const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
  const allPosted = performance.now() - started;
  const once = [...posted.values()].every((n) => n === 1) && posted.size === subscriptions;
  console.log(`${subscriptions} slots due at once, two replicas: all posted in ${Math.round(allPosted)} ms (a ${ra.claimed}, b ${rb.claimed}); each exactly once: ${once}`);
  clock = new Date('2026-12-01T09:30:00Z');
  const idle = await time(`tick with ${subscriptions} subscriptions, nothing due`, 20, () => a.tick());
  schedule = { slots: subscriptions, allPostedMs: Math.round(allPosted), claimedByA: ra.claimed, claimedByB: rb.claimed, exactlyOnce: once ? 1 : 0, idleTickMedianMs: idle.median, idleTickP95Ms: idle.p95 };
} finally {
  await bench.drop();
}
console.log(JSON.stringify({ compose, schedule }));
