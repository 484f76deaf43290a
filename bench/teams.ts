/**
 * `npm run bench:teams`: how long botwatch takes to answer a Teams command end to end — the
 * activity posted to /api/messages, botbuilder's turn, the typing indicator, the metric query, the
 * chart drawn and stored, the card posted to a local Bot Connector stand-in — on real PostgreSQL
 * with generated traffic; the same for a proactive post (digests, alerts); and the card renderer
 * on a 2,000-row table. Prints the figures, then one line of JSON holding them.
 */
import os from 'node:os';
import { loadConfig } from '../src/config.ts';
import { renderAdaptiveCard, utf16JsonBytes } from '../src/chat/teams/render-adaptive-card.ts';
import { createTeamsModule } from '../src/chat/teams/teams-module.ts';
import { generateConversations } from '../src/gen/generate-events.ts';
import { importRecords } from '../src/import/import-records.ts';
import { silentLogger } from '../src/log.ts';
import type { Reply } from '../src/replies/reply.ts';
import { startBotwatch } from '../src/serve.ts';
import { startBotConnectorStandIn } from '../test/helpers/bot-connector-stand-in.ts';
import { postActivity, teamsBotMembership, teamsMessage, teamsTeam } from '../test/helpers/teams-activities.ts';
import { openBenchSchema, median, percentile } from './bench-database.ts';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const round = (n: number) => Math.round(n * 10) / 10;

async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return { median: round(median(ms)), p95: round(percentile(ms, 95)) };
}

const bench = await openBenchSchema('bw_bench_teams');
const connector = await startBotConnectorStandIn();
try {
  const loadStart = performance.now();
  const records = (function* () {
    let n = 0;
    for (const events of generateConversations({ conversations: CONVERSATIONS, days: 30, end: new Date(), seed: 7 })) for (const candidate of events) yield { position: `event ${++n}`, candidate };
  })();
  const counts = await importRecords(bench.db, records, { storeMessageText: false, batchSize: 5_000 });
  console.log(`loaded ${counts.accepted.toLocaleString('en-US')} events of ${CONVERSATIONS.toLocaleString('en-US')} conversations in ${round((performance.now() - loadStart) / 1000)} s`);

  const app = await startBotwatch(loadConfig({ PORT: '0', HOST: '127.0.0.1', BOTWATCH_DATA_DIR: os.tmpdir() }), silentLogger, { db: bench.db, modules: [(s) => createTeamsModule(s)] });
  try {
    const ask = async (text: string) => {
      const response = await postActivity(app.server.url, teamsMessage(text, { serviceUrl: connector.serviceUrl }));
      if (response.status !== 200) throw new Error(`${text}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    };
    const first = await timed(1, () => ask('summary support-bot 7d'));
    const summary = await timed(RUNS, () => ask('summary support-bot 7d'));
    const trend = await timed(RUNS, () => ask('handoff support-bot 30d by:day'));
    const summaryCard = connector.posted().find((p) => p.activity.summary === 'Summary — support-bot');

    await postActivity(app.server.url, teamsBotMembership('added', { serviceUrl: connector.serviceUrl }));
    const reply: Reply = {
      kind: 'digest',
      title: 'Weekly digest — support-bot',
      figures: [],
      notes: [],
      chart: { kind: 'bars', title: 'Hand-off rate by channel', subtitle: 'support-bot · last 7 days', unit: 'share', dimension: 'channel', metricLabel: 'Hand-off rate', bars: [{ label: 'web', value: 0.12 }, { label: 'whatsapp', value: 0.18 }, { label: 'sms', value: 0.09 }] },
    };
    const proactive = await timed(RUNS, async () => {
      const result = await app.services.deliverers.teams!.deliver({ platform: 'teams', channelId: teamsTeam.id }, reply);
      if (!result.ok) throw new Error(result.reason);
    });

    const rows = Array.from({ length: 2_000 }, (_, i) => ({ intent: `intent_${i}`, n: String(i), rate: `${i % 100} %` }));
    const table: Reply = { kind: 'result', title: 'By intent', figures: [], notes: [], table: { columns: [{ key: 'intent', label: 'Intent' }, { key: 'n', label: 'Conversations' }, { key: 'rate', label: 'Hand-off rate' }], rows } };
    const render = await timed(200, () => Promise.resolve(renderAdaptiveCard(table)));

    const figures = {
      conversations: CONVERSATIONS,
      firstCommandMs: first.median,
      summaryMs: summary,
      trendMs: trend,
      proactivePostMs: proactive,
      summaryActivityBytesUtf16: summaryCard ? utf16JsonBytes(summaryCard.activity) : null,
      render2000RowTableMs: render,
      loadAverage1m: round(os.loadavg()[0] ?? 0),
    };
    console.log(`first command (botbuilder loads): ${first.median} ms`);
    console.log(`summary support-bot 7d, end to end: median ${summary.median} ms, p95 ${summary.p95} ms (${RUNS} runs)`);
    console.log(`handoff support-bot 30d by:day, end to end: median ${trend.median} ms, p95 ${trend.p95} ms`);
    console.log(`proactive post with a chart: median ${proactive.median} ms, p95 ${proactive.p95} ms`);
    console.log(`summary activity as Teams counts it: ${figures.summaryActivityBytesUtf16 ?? '?'} bytes (UTF-16)`);
    console.log(`card renderer, 2,000-row table cut to fit: median ${render.median} ms, p95 ${render.p95} ms`);
    console.log(`load average (1 min): ${figures.loadAverage1m} on ${os.cpus().length} CPUs`);
    console.log(JSON.stringify(figures));
  } finally {
    await app.server.close();
  }
} finally {
  await connector.close();
  await bench.drop();
}
