import type { FiredAlertsSource } from '../alerts/fired-alerts.ts';
import type { ActionHandler } from '../chat/actions.ts';
import type { Deliverer } from '../chat/deliver.ts';
import type { AnswerOptions } from '../commands/run-command.ts';
import type { Route } from '../http/router.ts';
import type { BotwatchServices } from './services.ts';

/**
 * One part of botwatch that `serve` runs: a platform adapter (Slack, Teams, the local console),
 * digests or alerts. Adding a platform is a new module and nothing else (docs/architecture.md).
 */
export interface BotwatchModule {
  name: string;
  /** HTTP routes it serves (e.g. `/slack/events`). */
  routes?: Route[];
  /** How it posts replies, if it is a platform. */
  deliverer?: Deliverer;
  /** The `digest …` / `alert …` commands, if it implements them. */
  runners?: AnswerOptions['runners'];
  /** Button actions it owns, by action id. */
  actions?: Record<string, ActionHandler>;
  /** The alerts that fired in a period (the alerts module; digests read it). */
  firedAlerts?: FiredAlertsSource;
  /** Its state for `/readyz`, one short field each (e.g. `{ rasa: 'connected' }`). */
  readiness?(): Record<string, string>;
  /** Starts background work once the HTTP server listens (schedulers, sockets). */
  start?(): Promise<void>;
  /** Stops it: no new work, finish what is in flight. */
  stop?(): Promise<void>;
}

/** Builds a module from the shared services; undefined when it is not configured (no Slack token…). */
export type ModuleFactory = (services: BotwatchServices) => BotwatchModule | undefined | Promise<BotwatchModule | undefined>;
