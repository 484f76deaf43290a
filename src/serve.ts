import type { BotwatchModule } from './app/module.ts';
import { moduleFactories } from './app/modules.ts';
import type { ModuleFactory } from './app/module.ts';
import { createServices } from './app/create-services.ts';
import type { BotwatchServices } from './app/services.ts';
import type { WorkItem } from './app/work-in-flight.ts';
import { chartRoute } from './charts/chart-route.ts';
import { csvRoute } from './exports/csv-route.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrations.ts';
import { openDatabase, openReadDatabase } from './db/open-database.ts';
import { healthRoutes } from './http/health-routes.ts';
import { openApiRoute } from './http/openapi-route.ts';
import type { Route } from './http/router.ts';
import { startHttpServer } from './http/server.ts';
import type { HttpServer, RequestInFlight } from './http/server.ts';
import { ingestRoute } from './ingest/ingest-route.ts';
import { tracesRoute } from './intake/otlp/traces-route.ts';
import type { Logger } from './log.ts';
import { metricsRoute } from './monitoring/metrics-route.ts';

export interface RunningBotwatch {
  config: Config;
  db: Database;
  server: HttpServer;
  services: BotwatchServices;
  modules: BotwatchModule[];
  /**
   * Stops taking new work (the server refuses new requests, modules stop scheduling), finishes
   * requests and commands in flight, then closes the database. Not bounded here: `serve` bounds it
   * with BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS.
   */
  stop(): Promise<void>;
  /** What is still being done: requests being answered, commands being run, modules stopping. */
  workInFlight(): WorkInFlightReport;
}

export interface WorkInFlightReport {
  requests: RequestInFlight[];
  commands: WorkItem[];
  /** Modules whose `stop()` has not finished yet (during shutdown). */
  modulesStopping: string[];
}

export interface StartOptions {
  /** An open database to use (tests); otherwise the configured one is opened. */
  db?: Database;
  /** An open read replica to use (tests); otherwise DATABASE_READ_URL's, when set. */
  readDb?: Database;
  /** The clock (tests). */
  now?: () => Date;
  /** Modules to run instead of the standard set (tests). */
  modules?: ModuleFactory[];
}

/** Everything `botwatch serve` runs, in one process, against one database. */
export async function startBotwatch(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningBotwatch> {
  const db = options.db ?? (await openDatabase(config, logger, { share: true }));
  const applied = await migrate(db);
  if (applied.length > 0) logger.info('applied migrations', { versions: applied.join(',') });

  // Opened only after migrating: a replica receives the schema from the primary.
  const ownReadDb = options.readDb === undefined ? openReadDatabase(config, logger) : undefined;
  const readDb = options.readDb ?? ownReadDb;
  const closeOwn = async () => {
    await ownReadDb?.close();
    if (options.db === undefined) await db.close();
  };
  const registry = createServices(config, db, logger, { ...(options.now ? { now: options.now } : {}), ...(readDb ? { readDb } : {}) });
  const modules: BotwatchModule[] = [];
  for (const factory of options.modules ?? moduleFactories) {
    const module = await Promise.resolve()
      .then(() => factory(registry.services))
      .catch(async (error: unknown) => {
        // A module refusing its settings (Teams without an https PUBLIC_BASE_URL…) stops botwatch before it listens.
        await closeOwn();
        throw error;
      });
    if (module === undefined) continue;
    modules.push(module);
    if (module.deliverer) registry.deliverers[module.deliverer.platform] = module.deliverer;
    Object.assign(registry.runners, module.runners ?? {});
    Object.assign(registry.actions, module.actions ?? {});
    if (module.firedAlerts) registry.services.firedAlerts = module.firedAlerts;
  }

  const routes: Route[] = [
    ...healthRoutes(db, logger, () => Object.assign({}, ...modules.map((m) => m.readiness?.() ?? {})) as Record<string, string>),
    metricsRoute(config, registry.services.metrics),
    openApiRoute(),
    chartRoute(db, registry.chartKey),
    csvRoute(db, registry.chartKey),
    ingestRoute({ db, logger, storeMessageText: config.storeMessageText, defaultRatePerKey: config.ingestRatePerKey, retentionDays: config.retentionDays, timeoutMs: config.dbIngestTimeoutMs, metrics: registry.services.metrics }),
    tracesRoute({ db, logger, storeMessageText: config.storeMessageText, defaultRatePerKey: config.ingestRatePerKey, retentionDays: config.retentionDays, timeoutMs: config.dbIngestTimeoutMs, ...config.otlp }),
    ...modules.flatMap((m) => m.routes ?? []),
  ];
  const server = await startHttpServer({ host: config.host, port: config.port, routes, logger });
  registry.setServerUrl(server.url);
  logger.info('botwatch is listening', { url: server.url, database: db.engine === 'pglite' ? `embedded (${config.dataDir})` : readDb ? 'postgres, reads from a replica' : 'postgres', modules: modules.map((m) => m.name).join(',') || 'none' });
  await startModules(modules, logger).catch(async (error: unknown) => {
    // A module that cannot start (a refused Slack token…) stops botwatch: nothing may keep it running half-started.
    await server.close();
    await closeOwn();
    throw error;
  });

  let stopping: Promise<void> | undefined;
  const modulesStopping = new Set<string>();
  const { work } = registry.services;
  return {
    config,
    db,
    server,
    services: registry.services,
    modules,
    stop() {
      stopping ??= (async () => {
        // The server refuses new requests at once; requests in flight go on while modules stop.
        const serverClosed = server.close(config.shutdownTimeoutSeconds * 1000 + 5_000);
        for (const module of [...modules].reverse()) {
          modulesStopping.add(module.name);
          try {
            await module.stop?.();
          } catch (error) {
            logger.error('module did not stop cleanly', { module: module.name, error });
          }
          modulesStopping.delete(module.name);
        }
        await serverClosed;
        // Commands answered outside a request (Slack acknowledges first, answers after).
        await work.settled();
        await ownReadDb?.close();
        await db.close();
      })();
      return stopping;
    },
    workInFlight: () => ({ requests: server.requestsInFlight(), commands: work.list(), modulesStopping: [...modulesStopping] }),
  };
}

/** Starts modules in order; if one fails, stops those already started (in reverse) and rethrows. */
async function startModules(modules: readonly BotwatchModule[], logger: Logger): Promise<void> {
  const started: BotwatchModule[] = [];
  for (const module of modules) {
    try {
      await module.start?.();
      started.push(module);
    } catch (error) {
      for (const other of started.reverse()) {
        await other.stop?.().catch((stopError: unknown) => logger.error('module did not stop cleanly', { module: other.name, error: stopError }));
      }
      throw error;
    }
  }
}
