/**
 * `npm run bench:slack` — the Slack app end to end on the benchmark dataset (1,000,000
 * conversations; `npm run bench:prepare` loads it): a signed `/botwatch summary support-bot 30d`
 * request to botwatch's real HTTP server, acknowledged by Bolt, answered from Postgres, its chart
 * drawn, uploaded (files v2) and posted to a local Slack Web API stand-in. Measures, over 20
 * commands one after another, the time from sending the request to the stand-in holding the
 * complete message (blocks + file) and to the acknowledgement; then the acknowledgement time of
 * 20 commands sent 4 at a time, while answers are being computed. `now` is pinned to the
 * dataset's end. Prints figures, then one line of JSON.
 *
 * The server is wired as `startBotwatch` wires it (services, the Slack module's route on botwatch's
 * HTTP server, its start), without applying migrations: the benchmark dataset is read, never
 * migrated here (its schema must already be current).
 */
import os from 'node:os';
import { createServices } from '../src/app/create-services.ts';
import { buildSlackModule } from '../src/chat/slack/slack-module.ts';
import { loadConfig } from '../src/config.ts';
import { readSchemaStatus } from '../src/db/migrations.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { startHttpServer } from '../src/http/server.ts';
import { silentLogger } from '../src/log.ts';
import { postSignedToSlackEvents, slashCommandBody, testSigningSecret } from '../test/helpers/slack-requests.ts';
import { SlackStandIn } from '../test/helpers/slack-stand-in.ts';
import { median, percentile } from './bench-database.ts';
import { benchDataset, benchDatasetUrl } from './dataset.ts';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const text = process.env.BENCH_COMMAND ?? 'summary support-bot 30d';
const burstParallel = 4;

const standIn = await SlackStandIn.start();
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SLACK_SIGNING_SECRET: testSigningSecret, SLACK_BOT_TOKEN: standIn.botToken, SLACK_API_URL: standIn.apiUrl });
const db = openPgDatabase({ connectionString: benchDatasetUrl, logger: silentLogger, poolSize: config.dbPoolSize });
const [{ conversations = 0 } = {}] = await db.query<{ conversations: number }>('SELECT count(*)::int AS conversations FROM conversation_facts');
const schema = await readSchemaStatus(db);
if (conversations === 0 || !schema.current) {
  console.error(conversations === 0 ? `no benchmark dataset at ${benchDatasetUrl}; run \`npm run bench:prepare\` first` : `the benchmark dataset's schema is at ${schema.applied}, this build needs ${schema.known}`);
  process.exit(1);
}
const now = new Date(benchDataset.end);
const registry = createServices(config, db, silentLogger, { now: () => now });
const slack = buildSlackModule(registry.services)!;
const server = await startHttpServer({ host: config.host, port: config.port, routes: slack.routes ?? [], logger: silentLogger });
registry.setServerUrl(server.url);
await slack.start!();
console.log(`dataset: ${conversations.toLocaleString('en-US')} conversations; now = ${now.toISOString()}; "/botwatch ${text}" × ${runs}; load ${os.loadavg()[0]!.toFixed(1)}`);

let sequence = 0;
/** Sends one command; resolves with its acknowledgement time and, once posted, its end-to-end time. */
async function command(): Promise<{ ackMs: number; done: Promise<{ totalMs: number; answeredMs: number }> }> {
  const channel = `C0BENCH${++sequence}`;
  const body = slashCommandBody({ text, channelId: channel, responseUrl: standIn.responseUrl() });
  const start = performance.now();
  const acked = await postSignedToSlackEvents(server.url, body);
  const ackMs = performance.now() - start;
  if (acked.status !== 200) throw new Error(`command was answered ${acked.status}`);
  const done = standIn
    .waitFor(() => standIn.calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === channel && c.status === 200), 60_000)
    .then((posted) => {
      const blocks = posted.body.blocks as { type: string }[];
      if (!blocks.some((b) => b.type === 'image')) throw new Error('the message was posted without its chart');
      const uploadAsked = standIn.calls.find((c) => c.method === 'files.getUploadURLExternal' && c.at > start);
      return { totalMs: posted.at - start, answeredMs: (uploadAsked?.at ?? posted.at) - start };
    });
  return { ackMs, done };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const stats = (xs: number[]) => ({ median: round(median(xs)), p95: round(percentile(xs, 95)) });

// Warm-up: the first chart in a process is slow (vega and fonts load), the first query fills caches.
for (let i = 0; i < 2; i++) await (await command()).done;

const total: number[] = [];
const answered: number[] = [];
const ack: number[] = [];
for (let i = 0; i < runs; i++) {
  const sent = await command();
  const done = await sent.done;
  ack.push(sent.ackMs);
  total.push(done.totalMs);
  answered.push(done.answeredMs);
}

const burstAck: number[] = [];
const pending: Promise<unknown>[] = [];
for (let i = 0; i < runs; i += burstParallel) {
  const sent = await Promise.all(Array.from({ length: Math.min(burstParallel, runs - i) }, () => command()));
  for (const s of sent) {
    burstAck.push(s.ackMs);
    pending.push(s.done);
  }
}
await Promise.all(pending);

const figures = {
  command: text,
  runs,
  endToEndMs: stats(total),
  answerAndChartMs: stats(answered),
  ackMs: stats(ack),
  ackUnderLoadMs: { ...stats(burstAck), parallel: burstParallel },
  goals: { endToEndP95Ms: 1000, ackP95Ms: 100 },
  loadAverage: round(os.loadavg()[0]!),
};
console.log(`request → complete message (blocks + file)   median ${String(figures.endToEndMs.median).padStart(7)} ms   p95 ${String(figures.endToEndMs.p95).padStart(7)} ms   (goal p95 ≤ 1000 ms)`);
console.log(`  of which answer + chart (until upload asks)  median ${String(figures.answerAndChartMs.median).padStart(7)} ms   p95 ${String(figures.answerAndChartMs.p95).padStart(7)} ms`);
console.log(`acknowledgement, one at a time               median ${String(figures.ackMs.median).padStart(7)} ms   p95 ${String(figures.ackMs.p95).padStart(7)} ms   (goal p95 ≤ 100 ms)`);
console.log(`acknowledgement, ${burstParallel} at a time while answering   median ${String(figures.ackUnderLoadMs.median).padStart(7)} ms   p95 ${String(figures.ackUnderLoadMs.p95).padStart(7)} ms`);

await slack.stop!();
await server.close();
await standIn.stop();
await db.close();
console.log(JSON.stringify(figures));
