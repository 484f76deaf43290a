/**
 * `npm run bench:anomaly` — anomaly rules, for quality and for speed.
 *
 * Quality (bench/anomaly-quality.ts): six generated weeks with planted incidents of varied sizes;
 * recall and false alerts per bot-week for each sensitivity, beside a fixed threshold rule tuned to
 * the same recall.
 *
 * Speed: 1,000 anomaly rules (every rate and the volume, per bot and over all bots, windows of
 * 30 min – 2 h, all three sensitivities) measured as one evaluator cycle measures them, over the
 * 1,000,000-conversation dataset (`npm run bench:prepare` loads it), at its `now` and a minute
 * later each cycle. The state writes that follow are those of threshold rules (`npm run
 * bench:alerts`). Ends with one line of JSON.
 */
import os from 'node:os';
import type { AlertRule } from '../src/alerts/alert-rule.ts';
import { MeasureCache } from '../src/alerts/evaluation.ts';
import { mapLimit } from '../src/alerts/map-limit.ts';
import { measureRule } from '../src/alerts/measure-rule.ts';
import { bandedMetrics } from '../src/anomaly/find-unusual.ts';
import { sensitivities } from '../src/anomaly/sensitivity.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { silentLogger } from '../src/log.ts';
import { listBots } from '../src/metrics/bot-info.ts';
import { median } from './bench-database.ts';
import { measureQuality } from './anomaly-quality.ts';
import { benchDataset, benchDatasetUrl } from './dataset.ts';

const ruleCount = Number(process.env.BENCH_ALERT_RULES ?? 1000);
const cycles = Number(process.env.BENCH_CYCLES ?? 4);
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 10);
const load = () => Math.round(os.loadavg()[0]! * 100) / 100;

const qualityStarted = performance.now();
const quality = measureQuality();
const qualitySeconds = (performance.now() - qualityStarted) / 1000;
console.log(`quality: ${quality.incidents} planted incidents over ${quality.botWeeks} judged bot-weeks (generated, 6 weeks; replayed every 15 min, window 1 h, for: 2 evaluations) — ${qualitySeconds.toFixed(0)} s, load ${load()}`);
for (const row of quality.rows) {
  console.log(`  ${row.rule.padEnd(96)} recall ${(row.recall * 100).toFixed(0).padStart(3)} %   false alerts ${row.falseAlertsPerBotWeek.toFixed(2).padStart(6)} per bot-week`);
}

const db = openPgDatabase({ connectionString: benchDatasetUrl, poolSize, logger: silentLogger });
const times: number[] = [];
let measurements = 0;
let errors = 0;
let conversations = 0;
try {
  [{ conversations = 0 } = {}] = await db.query<{ conversations: number }>('SELECT count(*)::int AS conversations FROM conversation_facts');
  if (conversations === 0) throw new Error(`no benchmark dataset at ${benchDatasetUrl}; run \`npm run bench:prepare\` first`);
  const bots = [...(await listBots(db)).map((b) => b.botId), null];
  const rules = makeRules(ruleCount, bots);
  const start = new Date(benchDataset.end);
  for (let i = 0; i < cycles; i++) {
    const now = new Date(start.getTime() + i * 60_000);
    const cache = new MeasureCache();
    const began = performance.now();
    const results = await mapLimit(rules, Math.max(1, Math.floor(poolSize / 2)), async (rule) => {
      try {
        return await measureRule(rule, { db, now, idleMinutes: 30, cache, timeZone: 'UTC' });
      } catch (error) {
        return { kind: 'error' as const, error };
      }
    });
    const ms = performance.now() - began;
    times.push(ms);
    measurements = cache.loads;
    errors = results.filter((r) => r.kind === 'error').length;
    const judged = results.filter((r) => r.kind === 'measured').length;
    console.log(`cycle ${i + 1} at ${now.toISOString()}  ${ms.toFixed(0).padStart(6)} ms  ${cache.loads} distinct loads, ${judged} judged, ${results.length - judged - errors} no data (learning or too few), ${errors} errors; load ${load()}`);
    if (errors > 0) throw new Error(`${errors} rules could not be evaluated: ${String((results.find((r) => r.kind === 'error') as { error: unknown }).error)}`);
  }
} finally {
  await db.close();
}
const result = {
  bench: 'anomaly',
  quality: quality.rows.map((r) => ({ rule: r.rule.split(' (')[0], recall: Math.round(r.recall * 1000) / 1000, falseAlertsPerBotWeek: Math.round(r.falseAlertsPerBotWeek * 100) / 100 })),
  plantedIncidents: quality.incidents,
  botWeeks: quality.botWeeks,
  conversations,
  rules: ruleCount,
  cycles,
  firstCycleMs: Math.round(times[0] ?? 0),
  medianCycleMs: Math.round(median(times.slice(1).length > 0 ? times.slice(1) : times)),
  distinctLoadsPerCycle: measurements,
  goalMs: 10_000,
  loadAverage1m: load(),
};
console.log(`1,000 anomaly rules: first cycle ${result.firstCycleMs} ms, then median ${result.medianCycleMs} ms (goal ≤ ${result.goalMs} ms); load ${result.loadAverage1m}`);
console.log(JSON.stringify(result));

/** Every banded metric × bot (and all bots) × window × sensitivity, as many as asked. */
function makeRules(count: number, bots: (string | null)[]): AlertRule[] {
  const metrics = bandedMetrics();
  const windows = [3600, 7200, 1800];
  const out: AlertRule[] = [];
  for (let i = 0; out.length < count; i++) {
    const metric = metrics[i % metrics.length]!;
    const botId = bots[Math.floor(i / metrics.length) % bots.length] ?? null;
    const windowSeconds = windows[Math.floor(i / (metrics.length * bots.length)) % windows.length]!;
    const sensitivity = sensitivities[Math.floor(i / (metrics.length * bots.length * windows.length)) % sensitivities.length]!;
    out.push(anomalyRule(out.length + 1, metric.id, botId, windowSeconds, sensitivity));
  }
  return out;
}

function anomalyRule(id: number, metric: string, botId: string | null, windowSeconds: number, sensitivity: (typeof sensitivities)[number]): AlertRule {
  const at = new Date(benchDataset.end);
  return {
    id, kind: 'anomaly', metric, botId, filter: { versions: [], channels: [], intents: [], flows: [] }, direction: 'above', threshold: 0, recoverThreshold: 0,
    windowSeconds, minConversations: 10, forSeconds: 60, renotifySeconds: 0, mention: null, destination: { platform: 'slack', channelId: 'CBENCH' },
    anomaly: { direction: 'both', sensitivity, timeZone: 'UTC' },
    createdBy: 'bench', createdAt: at, state: 'ok', transitions: 0, stateSince: at, breachSince: null, lastEvaluatedAt: null, lastValue: null, lastNumerator: null,
    lastDenominator: null, lastSample: null, lastNote: null, lastError: null, lastErrorAt: null, episodeMessageId: null, episodeReply: null, lastNotifiedAt: null,
    notifyKind: null, notifyAttempts: 0, notifyDueAt: null, notifyLeaseUntil: null, acknowledgedBy: null, acknowledgedAt: null, mutedUntil: null, mutedBy: null,
    deliveryStoppedAt: null, deliveryStoppedReason: null,
  };
}
