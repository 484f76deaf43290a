import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { registerImportProgressMetrics } from './import-progress-metrics.ts';

/** Seconds: from a fast cached answer to a chart that took its time. */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * botwatch's own metrics, served at `GET /metrics` (docs/operations.md "Monitoring"). One registry
 * per running botwatch, shared through the services: a module or a new way in registers its
 * counters on `registry` with the `botwatch_` prefix.
 */
export interface SelfMetrics {
  registry: Registry;
  /** Events in ingest batches, by what became of them. */
  ingestEvents: Counter<'outcome'>;
  /** Events rejected, by reason (`validation`, `unreadable`). */
  ingestRejected: Counter<'reason'>;
  /** Whole ingest requests refused before any event was read, by reason. */
  ingestRequestsRefused: Counter<'reason'>;
  ingestDuration: Histogram<'status'>;
  commandDuration: Histogram<'platform' | 'command' | 'outcome'>;
  chatApiCalls: Counter<'platform' | 'method'>;
  chatApiFailures: Counter<'platform' | 'method' | 'kind'>;
  digestRuns: Counter<'state'>;
  alertEvaluations: Counter<'outcome'>;
  alertEvaluationDuration: Histogram;
  demoEvents: Counter;
  demoDaysLoaded: Gauge;
}

/**
 * Creates the registry with botwatch's metrics, Node's process metrics, the database pool's use
 * and the progress of each running import and of the one that ended last (read from the database
 * at each scrape).
 */
export function createSelfMetrics(db?: Pick<Database, 'poolStats' | 'query'>, logger?: Logger): SelfMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'botwatch_' });
  const registers = [registry];
  const poolStats = db?.poolStats?.bind(db);
  if (poolStats !== undefined) {
    new Gauge({
      name: 'botwatch_db_pool_connections',
      help: 'Connections of the PostgreSQL pool: total (open), idle, waiting (queries waiting for a connection).',
      labelNames: ['state'],
      registers,
      collect() {
        const stats = poolStats();
        for (const state of ['total', 'idle', 'waiting'] as const) this.set({ state }, stats[state]);
      },
    });
  }
  if (db !== undefined) registerImportProgressMetrics(registry, db, logger);
  return {
    registry,
    ingestEvents: new Counter({ name: 'botwatch_ingest_events_total', help: 'Events received on POST /v1/events, by outcome: accepted (stored), duplicate (already stored), rejected.', labelNames: ['outcome'], registers }),
    ingestRejected: new Counter({ name: 'botwatch_ingest_events_rejected_total', help: 'Events rejected on POST /v1/events, by reason.', labelNames: ['reason'], registers }),
    ingestRequestsRefused: new Counter({ name: 'botwatch_ingest_requests_refused_total', help: 'Ingest requests refused as a whole, by reason.', labelNames: ['reason'], registers }),
    ingestDuration: new Histogram({ name: 'botwatch_ingest_duration_seconds', help: 'Time to answer POST /v1/events, by HTTP status.', labelNames: ['status'], buckets: latencyBuckets, registers }),
    commandDuration: new Histogram({ name: 'botwatch_command_duration_seconds', help: 'Time to answer a chat command or button press, by platform, command and outcome (ok or error).', labelNames: ['platform', 'command', 'outcome'], buckets: latencyBuckets, registers }),
    chatApiCalls: new Counter({ name: 'botwatch_chat_api_calls_total', help: 'Calls to a chat platform API (retries included), by platform and method.', labelNames: ['platform', 'method'], registers }),
    chatApiFailures: new Counter({ name: 'botwatch_chat_api_failures_total', help: 'Chat platform API calls that failed, by platform, method and kind (transient, gone, failed).', labelNames: ['platform', 'method', 'kind'], registers }),
    digestRuns: new Counter({ name: 'botwatch_digest_runs_total', help: 'Digest runs finished, by state.', labelNames: ['state'], registers }),
    alertEvaluations: new Counter({ name: 'botwatch_alert_evaluations_total', help: 'Alert rule evaluations, by outcome (ok or error).', labelNames: ['outcome'], registers }),
    alertEvaluationDuration: new Histogram({ name: 'botwatch_alert_evaluation_cycle_seconds', help: 'Time of one alert evaluation cycle over every rule.', buckets: latencyBuckets, registers }),
    demoEvents: new Counter({ name: 'botwatch_demo_events_total', help: 'Generated demo events stored (the month loaded at start and the live traffic).', registers }),
    demoDaysLoaded: new Gauge({ name: 'botwatch_demo_days_loaded', help: 'Days of the generated demo month loaded so far.', registers }),
  };
}
