/**
 * `npm run bench:query` — the metric engine on the benchmark dataset (1,000,000 conversations over
 * 30 days; `npm run bench:prepare` loads it): `summary <bot> 30d` and a `by:day` series, median
 * and p95 over 20 runs each, against a straightforward aggregation over the raw events table
 * computing the same figures, measured in the same run; also `intents <bot> 30d` and the drill-down
 * `list <bot> 30d metric:resolution_rate outcome:unresolved`, and `conversation <id>` without a bot.
 * Prints figures, then one line of JSON.
 */
import type { CommandContext } from '../src/commands/command-context.ts';
import { answer } from '../src/commands/run-command.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { silentLogger } from '../src/log.ts';
import { median, percentile } from './bench-database.ts';
import { benchDatasetUrl } from './dataset.ts';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const baselineRuns = Number(process.env.BENCH_BASELINE_RUNS ?? 5);
const bot = process.env.BENCH_BOT ?? 'support-bot';
const db = openPgDatabase({ connectionString: benchDatasetUrl, logger: silentLogger, poolSize: 4 });
const [{ conversations = 0, last } = { conversations: 0, last: new Date() }] = await db.query<{ conversations: number; last: Date }>(
  'SELECT (SELECT count(*) FROM conversation_facts) AS conversations, (SELECT max(last_event_at) FROM bots) AS last',
);
if (conversations === 0) {
  console.error(`no benchmark dataset at ${benchDatasetUrl}; run \`npm run bench:prepare\` first`);
  process.exit(1);
}
const now = new Date(Math.ceil(last.getTime() / 3_600_000) * 3_600_000);
const ctx: CommandContext = { db, now: () => now, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
console.log(`dataset: ${conversations.toLocaleString('en-US')} conversations; now = ${now.toISOString()}; ${runs} runs (baseline ${baselineRuns})`);

async function time(label: string, n: number, work: () => Promise<unknown>): Promise<{ median: number; p95: number; result: unknown }> {
  await work(); // warm
  const ms: number[] = [];
  let result: unknown;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    result = await work();
    ms.push(performance.now() - t);
  }
  const out = { median: Math.round(median(ms) * 10) / 10, p95: Math.round(percentile(ms, 95) * 10) / 10, result };
  console.log(`${label.padEnd(44)} median ${String(out.median).padStart(8)} ms   p95 ${String(out.p95).padStart(8)} ms`);
  return out;
}

// The same figures straight from the events: group each conversation's events, keep those that
// started in the window, then count — what one would write without conversation facts.
const start = new Date(now.getTime() - 30 * 86_400_000);
const previousStart = new Date(start.getTime() - 30 * 86_400_000);
const rawSummary = () =>
  db.query(
    `WITH conv AS (
       SELECT conversation_id, min(ts) AS started, max(ts) AS last_at,
              count(*) FILTER (WHERE type = 'message.received') AS inbound,
              bool_or(type IN ('step.reached','goal.completed','lead.captured','conversion','handoff','cta.clicked')) AS acted,
              bool_or(type = 'handoff') AS handed_off,
              bool_or(type = 'conversation.ended') AS ended,
              bool_or(type = 'resolved' OR (type = 'conversation.ended' AND outcome = 'success')) AS resolved,
              sum(latency_ms) AS latency_sum, count(latency_ms) AS latency_n,
              count(*) FILTER (WHERE type = 'csat') AS csat_n, count(*) FILTER (WHERE type = 'csat' AND csat_score >= 4) AS csat_good
       FROM events WHERE bot_id = $1 AND ts >= $2 AND ts < $4
       GROUP BY conversation_id
     )
     SELECT started >= $3 AS current, count(*) AS conversations,
            avg((inbound >= 2 OR acted)::int) AS engagement,
            avg(handed_off::int) AS handoff,
            sum(resolved::int) FILTER (WHERE ended OR last_at < $5)::float8 / nullif(count(*) FILTER (WHERE ended OR last_at < $5), 0) AS resolution,
            sum((NOT handed_off)::int) FILTER (WHERE ended OR last_at < $5)::float8 / nullif(count(*) FILTER (WHERE ended OR last_at < $5), 0) AS containment,
            sum(latency_sum)::float8 / nullif(sum(latency_n), 0) AS avg_response_ms,
            sum(csat_good)::float8 / nullif(sum(csat_n), 0) AS csat
     FROM conv WHERE started >= $2 AND started < $4
     GROUP BY 1`,
    [bot, previousStart, start, now, new Date(now.getTime() - 30 * 60_000)],
  );
const rawDaily = () =>
  db.query(
    `WITH conv AS (
       SELECT conversation_id, min(ts) AS started, bool_or(type = 'handoff') AS handed_off
       FROM events WHERE bot_id = $1 AND ts >= $2 AND ts < $4 GROUP BY conversation_id
     )
     SELECT started >= $3 AS current, date_trunc('day', started, 'UTC') AS day, avg(handed_off::int) AS handoff
     FROM conv WHERE started >= $2 AND started < $4 GROUP BY 1, 2`,
    [bot, previousStart, start, now],
  );

// A funnel from every conversation's facts (their steps), as botwatch computed it before step rollups.
const funnelBot = 'leadgen-bot';
const factsFunnel = () =>
  db.query<{ step: string; reached: number }>(
    `SELECT s.elem->>1 AS step, count(*)::int AS reached, avg((s.elem->>4)::int)::float8 AS rank
     FROM conversation_facts f, jsonb_array_elements(f.steps) AS s(elem)
     WHERE f.bot_id = $1 AND f.started_at >= $2 AND f.started_at < $3 AND f.steps IS NOT NULL
     GROUP BY 1 ORDER BY rank`,
    [funnelBot, start, now],
  );

const summary = await time(`summary ${bot} 30d (botwatch)`, runs, () => answer(`summary ${bot} 30d`, ctx));
const series = await time(`handoff ${bot} 30d by:day (botwatch)`, runs, () => answer(`handoff ${bot} 30d by:day`, ctx));
// The asking-and-drilling-down commands come before the heavy baselines, so a loaded machine that
// times the baselines out still reports them.
const intents = await time(`intents ${bot} 30d (botwatch)`, runs, () => answer(`intents ${bot} 30d`, ctx));
const drillDown = await time(`list ${bot} 30d metric:resolution outcome:unresolved`, runs, () => answer(`list ${bot} 30d metric:resolution_rate outcome:unresolved`, ctx));
const listedId = (drillDown.result as { table?: { rows: { id?: string }[] } }).table?.rows[0]?.id;
if (listedId === undefined) throw new Error('the drill-down listed no conversation');
const oneConversation = await time('conversation <id> (no bot named)', runs, () => answer(`conversation ${listedId}`, ctx));
if ((oneConversation.result as { kind: string }).kind !== 'result') throw new Error(`conversation ${listedId}: ${JSON.stringify(oneConversation.result).slice(0, 200)}`);
const rawS = await time('same summary from raw events (baseline)', baselineRuns, rawSummary);
const rawD = await time('same by:day series from raw events (baseline)', baselineRuns, rawDaily);
const funnel = await time(`funnel ${funnelBot} 30d (botwatch)`, runs, () => answer(`funnel ${funnelBot} 30d`, ctx));
const factsF = await time('same funnel from every conversation (baseline)', baselineRuns, factsFunnel);

// The two ways must agree, or the comparison means nothing.
const engine = Object.fromEntries((summary.result as { figures: { metric: string; value: number | null }[] }).figures.map((f) => [f.metric, f.value]));
const raw = (rawS.result as Record<string, unknown>[]).find((r) => r.current === true) ?? {};
for (const [metric, column] of [['conversations', 'conversations'], ['engagement_rate', 'engagement'], ['handoff_rate', 'handoff'], ['resolution_rate', 'resolution'], ['containment_rate', 'containment'], ['avg_response_ms', 'avg_response_ms'], ['csat', 'csat']] as const) {
  const a = engine[metric];
  const b = Number(raw[column]);
  if (a === undefined || a === null || Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b))) throw new Error(`${metric}: botwatch ${a} ≠ raw ${b}`);
}
console.log('botwatch and the raw-events baseline agree on every summary figure');
const funnelSteps = (funnel.result as { chart?: { steps?: { step: string; reached: number }[] } }).chart?.steps ?? [];
for (const row of factsF.result as { step: string; reached: number }[]) {
  const shown = funnelSteps.find((s) => s.step === row.step);
  if (shown?.reached !== row.reached) throw new Error(`funnel step ${row.step}: botwatch ${shown?.reached} ≠ facts ${row.reached}`);
}
console.log('botwatch and the facts baseline agree on every funnel step');
// The drill-down lists exactly the settled, unresolved conversations the resolution rate counted against.
const resolution = (summary.result as { figures: { metric: string; numerator?: number; denominator?: number }[] }).figures.find((f) => f.metric === 'resolution_rate');
const listed = (drillDown.result as { figures: { value: number | null }[] }).figures[0]?.value;
if (resolution?.denominator !== undefined && listed !== (resolution.denominator - (resolution.numerator ?? 0))) throw new Error(`list: ${listed} ≠ ${resolution.denominator} settled − ${resolution.numerator} resolved`);
console.log('the drill-down lists as many conversations as the resolution rate left unresolved');

const result = {
  bench: 'query',
  conversations,
  summaryMedianMs: summary.median,
  summaryP95Ms: summary.p95,
  seriesMedianMs: series.median,
  seriesP95Ms: series.p95,
  rawSummaryMedianMs: rawS.median,
  rawSeriesMedianMs: rawD.median,
  summarySpeedup: Math.round((rawS.median / summary.median) * 10) / 10,
  seriesSpeedup: Math.round((rawD.median / series.median) * 10) / 10,
  funnelMedianMs: funnel.median,
  funnelP95Ms: funnel.p95,
  factsFunnelMedianMs: factsF.median,
  funnelSpeedup: Math.round((factsF.median / funnel.median) * 10) / 10,
  intentsMedianMs: intents.median,
  intentsP95Ms: intents.p95,
  listMedianMs: drillDown.median,
  listP95Ms: drillDown.p95,
  conversationMedianMs: oneConversation.median,
  conversationP95Ms: oneConversation.p95,
};
console.log(`summary ${result.summarySpeedup}× faster than the raw-events baseline; series ${result.seriesSpeedup}×; funnel ${result.funnelSpeedup}× faster than from every conversation's facts`);
console.log(JSON.stringify(result));
await db.close();
