/**
 * `npm run bench:list-total` — the drill-down's total on the benchmark dataset (`npm run
 * bench:prepare`): for `list … metric:<id> [outcome:…]`, the total from the hourly rollups against
 * counting the matching conversations (how the total was taken before, and still is for filters
 * the rollups cannot answer), measured in the same run, and the whole command. Each total is checked against the
 * figure the list drills down from and against the count. Windows end mid-hour, so the partial
 * hours at both ends are read from the facts. Prints figures, then one line of JSON.
 */
import type { CommandContext } from '../src/commands/command-context.ts';
import { answer } from '../src/commands/run-command.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { silentLogger } from '../src/log.ts';
import { cohortConditions, emptyFilter } from '../src/metrics/cohort.ts';
import { denominatorConditions, metricCohorts, outcomeConditions } from '../src/metrics/drill-down/fates.ts';
import type { Outcome } from '../src/metrics/drill-down/fates.ts';
import { totalFromRollups } from '../src/metrics/drill-down/rollup-total.ts';
import { median } from './bench-database.ts';
import { benchDatasetUrl } from './dataset.ts';

const runs = Number(process.env.BENCH_RUNS ?? 10);
const db = openPgDatabase({ connectionString: benchDatasetUrl, logger: silentLogger, poolSize: 4, statementTimeoutMs: 120_000 });
const [{ conversations = 0, last } = { conversations: 0, last: new Date() }] = await db.query<{ conversations: number; last: Date }>(
  'SELECT (SELECT count(*) FROM conversation_facts) AS conversations, (SELECT max(last_event_at) FROM bots) AS last',
);
if (conversations === 0) {
  console.error(`no benchmark dataset at ${benchDatasetUrl}; run \`npm run bench:prepare\` first`);
  process.exit(1);
}
// 37 minutes past an hour, so a window's ends fall inside hours.
const now = new Date(Math.ceil(last.getTime() / 3_600_000) * 3_600_000 + 37 * 60_000);
const ctx: CommandContext = { db, now: () => now, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
console.log(`dataset: ${conversations.toLocaleString('en-US')} conversations; now = ${now.toISOString()}; ${runs} runs each`);

async function time(work: () => Promise<unknown>): Promise<{ median: number; result: unknown }> {
  await work(); // warm
  const ms: number[] = [];
  let result: unknown;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await work();
    ms.push(performance.now() - t);
  }
  return { median: Math.round(median(ms) * 10) / 10, result };
}

const window = { start: new Date(now.getTime() - 30 * 86_400_000), end: now };
const knownBots = (await db.query<{ bot_id: string }>('SELECT bot_id FROM bots ORDER BY bot_id')).map((b) => b.bot_id);

/** The count the list took before: every matching conversation, over the covering cohort index. */
function countMatches(bots: string[], metric: string, outcome: Outcome | undefined): Promise<{ n: string }[]> {
  const params: unknown[] = [new Date(now.getTime() - 30 * 60_000)];
  const conditions = [cohortConditions(window, { ...emptyFilter(), bots }, params), denominatorConditions[metricCohorts[metric]!.denominator]];
  if (outcome !== undefined) conditions.push(outcomeConditions[outcome]);
  const where = conditions.map((c) => `(${c})`).join(' AND ').replaceAll('$settled', '(f.ended_at IS NOT NULL OR f.last_event_at < $1)');
  return db.query<{ n: string }>(`SELECT count(*) AS n FROM conversation_facts f WHERE ${where} AND $1::timestamptz IS NOT NULL`, params);
}

const cases: { bot?: string; metric: string; outcome?: Outcome }[] = [
  { metric: 'handoff_rate' },
  { bot: 'support-bot', metric: 'resolution_rate', outcome: 'unresolved' },
  { bot: 'support-bot', metric: 'resolution_rate' },
  { metric: 'containment_rate', outcome: 'contained' },
];
const measured = [];
for (const c of cases) {
  const command = `list ${c.bot ?? ''} 30d metric:${c.metric}${c.outcome ? ` outcome:${c.outcome}` : ''}`.replace('  ', ' ');
  // As `list` asks: with no bot named, every known bot named.
  const q = { interval: window, filter: { ...emptyFilter(), bots: c.bot ? [c.bot] : knownBots }, metric: c.metric, ...(c.outcome ? { outcome: c.outcome } : {}), now, idleMinutes: 30 };
  const fromRollups = await time(() => totalFromRollups(db, q));
  const counted = await time(() => countMatches(q.filter.bots, c.metric, c.outcome));
  const listed = await time(() => answer(command, ctx));
  const total = (listed.result as { figures: { value: number }[] }).figures[0]?.value;
  const count = Number((counted.result as { n: string }[])[0]?.n);
  const figure = (await answer(`${c.metric} ${c.bot ?? ''} 30d`, ctx)).figures[0];
  const expected = c.outcome === 'unresolved' ? (figure?.denominator ?? 0) - (figure?.numerator ?? 0) : c.outcome ? figure?.numerator : figure?.denominator;
  if (fromRollups.result !== total || total !== count || total !== expected) throw new Error(`${command}: total ${total}, from rollups ${String(fromRollups.result)}, counted ${count}, figure ${expected}`);
  const row = { command, matches: total, totalFromRollupsMedianMs: fromRollups.median, countingMedianMs: counted.median, speedup: Math.round((counted.median / fromRollups.median) * 10) / 10, listCommandMedianMs: listed.median };
  console.log(`${command.padEnd(58)} ${String(total).padStart(9)} match   total: rollups ${String(fromRollups.median).padStart(7)} ms, counting ${String(counted.median).padStart(7)} ms   whole list ${String(listed.median).padStart(7)} ms`);
  measured.push(row);
}
console.log('every total equals the count and the figure it drills down from');
console.log(JSON.stringify({ bench: 'list-total', conversations, cases: measured }));
await db.close();
