import type { FiredAlertsSource } from '../alerts/fired-alerts.ts';
import type { ActionOutcome } from '../chat/actions.ts';
import type { Deliverers } from '../chat/deliver.ts';
import type { Asker } from '../chat/destination.ts';
import type { RenderedChart } from '../charts/render-chart-png.ts';
import type { CommandContext } from '../commands/command-context.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { SelfMetrics } from '../monitoring/self-metrics.ts';
import type { Action, ChartRequest, Reply } from '../replies/reply.ts';
import type { WorkInFlight } from './work-in-flight.ts';

/** A chart rendered, stored and signed: what Teams cards and the console link to. */
export interface PublishedChart {
  /** Absolute URL (PUBLIC_BASE_URL or the server's own address) that works for 30 days. */
  url: string;
  /** The same, relative to the server (`/charts/<id>.png?exp=…&sig=…`). */
  path: string;
  altText: string;
  width: number;
  height: number;
}

/**
 * What every part of a running botwatch shares: the platform adapters (Slack, Teams, console),
 * digests and alerts are built from this, and never from each other.
 */
export interface BotwatchServices {
  config: Config;
  /** The primary: ingest, claims, alert rules and every write. */
  db: Database;
  /** Where answers, digest contents and the console read from: the read replica (DATABASE_READ_URL), else `db`. */
  readDb: Database;
  logger: Logger;
  /** The clock (tests substitute their own). */
  now: () => Date;
  /** The context commands run in (its `db` is `readDb`; deployment time zone, idle timeout, clock). */
  commandContext(): CommandContext;
  /** Answers `/botwatch …` text for someone, with the digest and alert commands wired in. */
  answer(text: string, asker?: Asker): Promise<Reply>;
  /** Routes a button press to the module that owns its action id (alerts own `alert.*`). */
  handleAction(action: Pick<Action, 'id' | 'value'>, asker: Asker): Promise<ActionOutcome>;
  /** Draws a reply's chart (Slack uploads the PNG). */
  renderChart(chart: ChartRequest): Promise<RenderedChart>;
  /** Draws, stores and signs a chart for clients that load images by URL. */
  publishChart(chart: ChartRequest): Promise<PublishedChart>;
  /** Stores a reply's table as CSV behind a signed 30-day link (Teams); undefined when it has none. */
  publishCsv(reply: Reply): Promise<{ url: string; path: string } | undefined>;
  /** Base URL people's chat clients reach botwatch at: PUBLIC_BASE_URL, else the server's address. */
  publicBaseUrl(): string;
  /** Posting to each configured platform (digests and alerts use these). */
  deliverers: Deliverers;
  /** Alerts that fired in a period; undefined when no alerts module runs. */
  firedAlerts?: FiredAlertsSource;
  /** botwatch's own metrics (`GET /metrics`); modules register theirs on `metrics.registry`. */
  metrics: SelfMetrics;
  /** Commands and button presses being answered (shutdown waits for them). */
  work: WorkInFlight;
}
