import type { Deliverers } from '../chat/deliver.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { SelfMetrics } from '../monitoring/self-metrics.ts';
import type { AlertRule } from './alert-rule.ts';
import { deleteOldHistory, recordHistory } from './alert-history.ts';
import { decideTransition } from './decide-transition.ts';
import { MeasureCache } from './evaluation.ts';
import type { Evaluation } from './evaluation.ts';
import { mapLimit } from './map-limit.ts';
import { measureRule } from './measure-rule.ts';
import { listRules, recordEvaluationErrors, recordObservations } from './rule-store.ts';
import type { Observation } from './rule-store.ts';
import { claimReminder, claimTransition } from './rule-transitions.ts';
import { sendOwedNotifications, suppressionReason } from './send-notifications.ts';

export interface EvaluatorOptions {
  db: Database;
  deliverers: Deliverers;
  logger: Logger;
  /** The clock (tests move it). */
  now: () => Date;
  intervalSeconds: number;
  idleMinutes: number;
  /** Zone of chart axes and times in notifications. */
  timeZone: string;
  /** Rules measured at once (each measurement may run a few queries side by side). */
  concurrency: number;
  /** Counts evaluations and times cycles (`GET /metrics`). */
  metrics?: Pick<SelfMetrics, 'alertEvaluations' | 'alertEvaluationDuration'>;
}

/** What one cycle did (tests and the benchmark read it). */
export interface CycleReport {
  rules: number;
  transitions: number;
  notifications: number;
  errors: number;
  /** Distinct metric queries the cycle ran (rules asking the same share one). */
  queries: number;
}

export interface AlertEvaluator {
  /** Evaluates every rule once, moves states, and posts what is owed. Rejects when the rules cannot be read. */
  runCycle(): Promise<CycleReport>;
  /** One scheduled cycle: as runCycle, but a failure is logged (states stay as they were) and gives undefined. */
  tick(): Promise<CycleReport | undefined>;
  /** Runs a cycle every interval (the first after one interval). */
  start(): void;
  /** Stops ticking and waits for a cycle in flight. */
  stop(): Promise<void>;
}

const hourMs = 3_600_000;

/**
 * The alert evaluator, run in every replica. Each cycle: read the rules, measure each
 * over its rolling window, make the transitions the state machine calls for — each one claimed by
 * a conditional UPDATE, so among replicas exactly one makes it — owe reminders, then post owed
 * notifications. A rule whose measurement fails keeps its state (no false alert) and the error
 * is logged and shown in `alert list`.
 */
export function createAlertEvaluator(options: EvaluatorOptions): AlertEvaluator {
  const { db, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> | undefined;
  let stopped = false;
  let lastCleanup = 0;

  async function runCycle(): Promise<CycleReport> {
    const now = options.now();
    const rules = await listRules(db);
    const cache = new MeasureCache();
    const context = { db, now, idleMinutes: options.idleMinutes, cache, timeZone: options.timeZone };
    const evaluations = await mapLimit(rules, options.concurrency, async (rule): Promise<Evaluation | { kind: 'error'; error: unknown }> => {
      try {
        return await measureRule(rule, context);
      } catch (error) {
        return { kind: 'error', error };
      }
    });

    const observations: Observation[] = [];
    const errors: { id: number; message: string }[] = [];
    let transitions = 0;
    await mapLimit(rules, options.concurrency, async (rule, i) => {
      const evaluation = evaluations[i]!;
      options.metrics?.alertEvaluations.inc({ outcome: evaluation.kind === 'error' ? 'error' : 'ok' });
      if (evaluation.kind === 'error') {
        logger.error('alert rule could not be evaluated; its state is unchanged', { rule: rule.id, error: evaluation.error });
        errors.push({ id: rule.id, message: evaluation.error instanceof Error ? evaluation.error.message : String(evaluation.error) });
        return;
      }
      const decision = decideTransition(rule, evaluation, now);
      if (decision === undefined) {
        observations.push(observation(rule, evaluation));
        if (rule.state === 'firing') await claimReminder(db, rule, now);
        return;
      }
      const moved = await claimTransition(db, rule, decision, evaluation, now);
      if (moved === undefined) return; // another replica made this transition
      transitions++;
      logger.info('alert state changed', { rule: rule.id, from: rule.state, to: moved.state, value: moved.lastValue ?? undefined });
      if (moved.state === 'firing' || rule.state === 'firing') {
        const reason = suppressionReason(moved, now);
        if (reason !== undefined) await recordHistory(db, moved, 'suppressed', now, { detail: `${moved.state === 'firing' ? 'firing' : 'recovery'} not posted: ${reason}` });
      }
    });
    await recordObservations(db, observations, now);
    await recordEvaluationErrors(db, errors, now);
    const notifications = await sendOwedNotifications({ ...options, now });
    if (now.getTime() - lastCleanup >= hourMs) {
      lastCleanup = now.getTime();
      const removed = await deleteOldHistory(db, now);
      if (removed > 0) logger.info('old alert history deleted', { entries: removed });
    }
    return { rules: rules.length, transitions, notifications, errors: errors.length, queries: cache.loads };
  }

  async function tick(): Promise<CycleReport | undefined> {
    const stopTimer = options.metrics?.alertEvaluationDuration.startTimer();
    try {
      return await runCycle();
    } catch (error) {
      logger.error('alert evaluation cycle failed; states are unchanged', { error });
      return undefined;
    } finally {
      stopTimer?.();
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick().finally(() => {
          inFlight = undefined;
          schedule();
        });
    }, options.intervalSeconds * 1000);
    // Never the reason the process stays up.
    timer.unref();
  }

  return {
    runCycle,
    tick,
    start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}

function observation(rule: AlertRule, e: Evaluation): Observation {
  if (e.kind === 'insufficient') return { id: rule.id, value: null, numerator: null, denominator: null, sample: e.sample, note: e.reason };
  return { id: rule.id, value: e.value, numerator: e.numerator, denominator: e.denominator, sample: e.sample, note: e.note ?? null };
}
