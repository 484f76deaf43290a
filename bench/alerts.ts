/**
 * `npm run bench:alerts` — the alert evaluator on the benchmark dataset (1,000,000 conversations,
 * `npm run bench:prepare` loads it): 1,000 rules of mixed metrics, bots, windows and filters,
 * evaluated in full cycles as every replica runs them, starting at the dataset's `now`
 * (2026-11-23T00:00:00Z) and a minute later each cycle, as the one-minute interval would. Prints the
 * first cycle (when rules move and notifications are built) and the median and p95 of the
 * following ones, then one line of JSON. Goal: a cycle within 10 s, so a one-minute interval holds.
 *
 * The dataset is not changed: the rule tables are created in a schema of their own (searched
 * before `public`, where the dataset is) and dropped at the end.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createAlertEvaluator } from '../src/alerts/evaluator.ts';
import type { CycleReport } from '../src/alerts/evaluator.ts';
import { insertRule } from '../src/alerts/rule-store.ts';
import { readMigrations } from '../src/db/migrations.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { silentLogger } from '../src/log.ts';
import { CountingDeliverer, makeRules, summariseMix } from './alert-rule-mix.ts';
import { median, percentile } from './bench-database.ts';
import { benchDataset, benchDatasetUrl } from './dataset.ts';

const ruleCount = Number(process.env.BENCH_ALERT_RULES ?? 1000);
const cycles = Number(process.env.BENCH_CYCLES ?? 12);
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 10);
const start = new Date(benchDataset.end);

const schema = `bench_alerts_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: benchDatasetUrl });
await admin.connect();
const [{ conversations = 0 } = {}] = (await admin.query<{ conversations: number }>('SELECT count(*)::int AS conversations FROM conversation_facts')).rows;
if (conversations === 0) {
  console.error(`no benchmark dataset at ${benchDatasetUrl}; run \`npm run bench:prepare\` first`);
  process.exit(1);
}
await admin.query(`CREATE SCHEMA ${schema}`);

// The alert tables in their own schema; the dataset's tables are found in public, after it.
const db = openPgDatabase({ connectionString: benchDatasetUrl, schema: `${schema},public`, poolSize, logger: silentLogger });
try {
  const alertsMigration = readMigrations().find((m) => m.name === 'alerts');
  if (alertsMigration === undefined) throw new Error('migrations/NNNN_alerts.sql not found');
  await db.exec(alertsMigration.sql);

  const rules = makeRules(ruleCount);
  for (const settings of rules) await insertRule(db, settings, 'bench', start);
  const mix = summariseMix(rules);

  let clock = start;
  const deliverer = new CountingDeliverer();
  const evaluator = createAlertEvaluator({
    db,
    deliverers: { slack: deliverer },
    logger: silentLogger,
    now: () => clock,
    intervalSeconds: 60,
    idleMinutes: 30,
    timeZone: 'UTC',
    concurrency: Math.max(1, Math.floor(poolSize / 2)),
  });

  console.log(`dataset: ${conversations.toLocaleString('en-US')} conversations; ${ruleCount} rules (${mix}); pool ${poolSize}, ${Math.max(1, Math.floor(poolSize / 2))} rules measured at once`);
  const times: number[] = [];
  const reports: CycleReport[] = [];
  for (let i = 0; i < cycles; i++) {
    clock = new Date(start.getTime() + i * 60_000);
    const began = performance.now();
    const report = await evaluator.runCycle();
    const ms = performance.now() - began;
    times.push(ms);
    reports.push(report);
    console.log(
      `cycle ${String(i + 1).padStart(2)} at ${clock.toISOString()}  ${ms.toFixed(0).padStart(6)} ms  ` +
        `${report.queries} distinct measurements, ${report.transitions} transitions, ${report.notifications} notifications, ${report.errors} errors`,
    );
    if (report.errors > 0) throw new Error(`${report.errors} rules could not be evaluated`);
  }
  const steady = times.slice(1);
  const result = {
    bench: 'alerts',
    conversations,
    rules: ruleCount,
    cycles,
    firstCycleMs: Math.round(times[0]!),
    firstCycleTransitions: reports[0]!.transitions,
    firstCycleNotifications: reports[0]!.notifications,
    medianCycleMs: Math.round(median(steady)),
    p95CycleMs: Math.round(percentile(steady, 95)),
    maxCycleMs: Math.round(Math.max(...times)),
    distinctMeasurementsPerCycle: reports[1]?.queries ?? reports[0]!.queries,
    goalMs: 10_000,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
  console.log(`first cycle ${result.firstCycleMs} ms; then median ${result.medianCycleMs} ms, p95 ${result.p95CycleMs} ms over ${steady.length} cycles (goal ≤ ${result.goalMs} ms); load ${result.loadAverage1m}`);
  console.log(JSON.stringify(result));
} finally {
  await db.close();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
