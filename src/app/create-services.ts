import type { ActionHandler } from '../chat/actions.ts';
import type { Deliverers } from '../chat/deliver.ts';
import { chartSigningKey, signChartPath, signCsvPath } from '../charts/chart-links.ts';
import { storeChartImage } from '../charts/chart-store.ts';
import { renderChartPng } from '../charts/render-chart-png.ts';
import { listActionHandler } from '../commands/list-action.ts';
import { answer } from '../commands/run-command.ts';
import { parseCommand } from '../commands/parse-command.ts';
import type { AnswerOptions } from '../commands/run-command.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { storeExportedCsv } from '../exports/csv-store.ts';
import type { Logger } from '../log.ts';
import { logContext, newLogId, withLogContext } from '../logging/log-context.ts';
import { createSelfMetrics } from '../monitoring/self-metrics.ts';
import type { SelfMetrics } from '../monitoring/self-metrics.ts';
import { replyCsv } from '../replies/export-csv.ts';
import { csvFileName } from '../replies/exported-table.ts';
import type { Reply } from '../replies/reply.ts';
import type { BotwatchServices } from './services.ts';
import { WorkInFlight } from './work-in-flight.ts';

/** The parts modules register into services after they are built. */
export interface ServiceRegistry {
  services: BotwatchServices;
  runners: NonNullable<AnswerOptions['runners']>;
  actions: Record<string, ActionHandler>;
  deliverers: Deliverers;
  /** Set once the HTTP server listens: its own URL (the fallback public base URL). */
  setServerUrl: (url: string) => void;
  /** The key chart links are signed with (made once, shared by replicas). */
  chartKey: () => Promise<string>;
}

/**
 * Runs one command or button press under its id (every log line it causes carries `commandId`),
 * listed as work in flight and timed in `botwatch_command_duration_seconds`.
 */
function asCommand<T>(deps: { metrics: SelfMetrics; work: WorkInFlight; logger: Logger }, labels: { platform: string; command: string }, run: () => Promise<T>, failed: (result: T) => boolean): Promise<T> {
  const commandId = logContext().commandId ?? newLogId();
  const stopTimer = deps.metrics.commandDuration.startTimer(labels);
  const finish = (outcome: 'ok' | 'error') => {
    const seconds = stopTimer({ outcome });
    deps.logger.debug('command answered', { ...labels, outcome, ms: Math.round(seconds * 1000) });
  };
  return withLogContext({ commandId }, () =>
    deps.work.track(commandId, `${labels.platform} ${labels.command}`, run).then(
      (result) => {
        finish(failed(result) ? 'error' : 'ok');
        return result;
      },
      (error: unknown) => {
        finish('error');
        throw error;
      },
    ),
  );
}

/**
 * Builds the shared services over the primary database and, when one is configured, a read replica
 * (`readDb`, else the primary) that answers read from.
 */
export function createServices(config: Config, db: Database, logger: Logger, options: { now?: () => Date; readDb?: Database } = {}): ServiceRegistry {
  const now = options.now ?? (() => new Date());
  const readDb = options.readDb ?? db;
  const runners: NonNullable<AnswerOptions['runners']> = {};
  const actions: Record<string, ActionHandler> = {};
  const deliverers: Deliverers = {};
  let serverUrl = `http://${config.host}:${config.port}`;
  let signingKey: Promise<string> | undefined;
  const chartKey = () => (signingKey ??= chartSigningKey(db, config.chartUrlSecret));

  const commandContext = () => ({ db: readDb, now, timeZone: config.timeZone, idleMinutes: config.idleTimeoutMinutes, logger });
  const publicBaseUrl = () => (config.publicBaseUrl ?? serverUrl).replace(/\/+$/, '');

  const metrics = createSelfMetrics(db, logger);
  const work = new WorkInFlight();
  const isError = (reply: Reply) => reply.kind === 'error';

  const services: BotwatchServices = {
    config,
    db,
    readDb,
    logger,
    now,
    commandContext,
    answer: (text, asker) =>
      asCommand({ metrics, work, logger }, { platform: asker?.platform ?? 'cli', command: parseCommand(text).name }, () => answer(text, commandContext(), { ...(asker ? { asker } : {}), runners }), isError),
    handleAction: (action, asker) =>
      asCommand({ metrics, work, logger }, { platform: asker.platform, command: `button ${Object.hasOwn(actions, action.id) ? action.id : 'unknown'}` }, async () => {
        const handler = actions[action.id];
        if (handler) return handler(action, asker);
        logger.warn('button pressed for an action nothing handles', { action: action.id });
        return { reply: { kind: 'error', title: 'That button does nothing any more.', figures: [], notes: [`No part of this botwatch handles "${action.id}".`] } };
      }, (outcome) => isError(outcome.reply)),
    renderChart: (chart) => renderChartPng(chart),
    async publishChart(chart) {
      const rendered = await renderChartPng(chart);
      const { id, expiresAt } = await storeChartImage(db, rendered.png, rendered.altText, now());
      const path = signChartPath(id, expiresAt, await chartKey());
      return { url: `${publicBaseUrl()}${path}`, path, altText: rendered.altText, width: rendered.width, height: rendered.height };
    },
    async publishCsv(reply) {
      const csv = replyCsv(reply);
      if (csv === undefined) return undefined;
      const { id, expiresAt } = await storeExportedCsv(db, csv, csvFileName(reply), now());
      const path = signCsvPath(id, expiresAt, await chartKey());
      return { url: `${publicBaseUrl()}${path}`, path };
    },
    publicBaseUrl,
    deliverers,
    metrics,
    work,
  };
  // "Show conversations" under a rate runs its drill-down for the person who pressed it.
  actions['drilldown.list'] = listActionHandler((text, asker) => services.answer(text, asker));
  return { services, runners, actions, deliverers, setServerUrl: (url) => (serverUrl = url), chartKey };
}
