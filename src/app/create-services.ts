import type { ActionHandler } from '../chat/actions.ts';
import type { Deliverers } from '../chat/deliver.ts';
import { chartSigningKey, signChartPath } from '../charts/chart-links.ts';
import { storeChartImage } from '../charts/chart-store.ts';
import { renderChartPng } from '../charts/render-chart-png.ts';
import { listActionHandler } from '../commands/list-action.ts';
import { answer } from '../commands/run-command.ts';
import type { AnswerOptions } from '../commands/run-command.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { BotwatchServices } from './services.ts';

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

/** Builds the shared services over one database. */
export function createServices(config: Config, db: Database, logger: Logger, options: { now?: () => Date } = {}): ServiceRegistry {
  const now = options.now ?? (() => new Date());
  const runners: NonNullable<AnswerOptions['runners']> = {};
  const actions: Record<string, ActionHandler> = {};
  const deliverers: Deliverers = {};
  let serverUrl = `http://${config.host}:${config.port}`;
  let signingKey: Promise<string> | undefined;
  const chartKey = () => (signingKey ??= chartSigningKey(db, config.chartUrlSecret));

  const commandContext = () => ({ db, now, timeZone: config.timeZone, idleMinutes: config.idleTimeoutMinutes, logger });
  const publicBaseUrl = () => (config.publicBaseUrl ?? serverUrl).replace(/\/+$/, '');

  const services: BotwatchServices = {
    config,
    db,
    logger,
    now,
    commandContext,
    answer: (text, asker) => answer(text, commandContext(), { ...(asker ? { asker } : {}), runners }),
    async handleAction(action, asker) {
      const handler = actions[action.id];
      if (handler) return handler(action, asker);
      logger.warn('button pressed for an action nothing handles', { action: action.id });
      return { reply: { kind: 'error', title: 'That button does nothing any more.', figures: [], notes: [`No part of this botwatch handles "${action.id}".`] } };
    },
    renderChart: (chart) => renderChartPng(chart),
    async publishChart(chart) {
      const rendered = await renderChartPng(chart);
      const { id, expiresAt } = await storeChartImage(db, rendered.png, rendered.altText, now());
      const path = signChartPath(id, expiresAt, await chartKey());
      return { url: `${publicBaseUrl()}${path}`, path, altText: rendered.altText, width: rendered.width, height: rendered.height };
    },
    publicBaseUrl,
    deliverers,
  };
  // "Show conversations" under a rate runs its drill-down for the person who pressed it.
  actions['drilldown.list'] = listActionHandler((text, asker) => services.answer(text, asker));
  return { services, runners, actions, deliverers, setServerUrl: (url) => (serverUrl = url), chartKey };
}
