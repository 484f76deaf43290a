import { chartSigningKey } from './charts/chart-links.ts';
import { chartRoute } from './charts/chart-route.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrations.ts';
import { openDatabase } from './db/open-database.ts';
import { healthRoutes } from './http/health-routes.ts';
import type { Route } from './http/router.ts';
import { startHttpServer } from './http/server.ts';
import type { HttpServer } from './http/server.ts';
import { ingestRoute } from './ingest/ingest-route.ts';
import type { Logger } from './log.ts';

/** Something `serve` runs beside the HTTP server (digest scheduler, alert evaluator…). */
export interface BackgroundTask {
  name: string;
  stop(): Promise<void>;
}

export interface RunningBotwatch {
  config: Config;
  db: Database;
  server: HttpServer;
  /** Stops ticking, finishes requests in flight, closes the database. */
  stop(): Promise<void>;
}

/** Everything `botwatch serve` runs, in one process, against one database. */
export async function startBotwatch(config: Config, logger: Logger, options: { db?: Database } = {}): Promise<RunningBotwatch> {
  const db = options.db ?? (await openDatabase(config, logger));
  const applied = await migrate(db);
  if (applied.length > 0) logger.info('applied migrations', { versions: applied.join(',') });

  let signingKey: Promise<string> | undefined;
  const chartKey = () => (signingKey ??= chartSigningKey(db, config.chartUrlSecret));
  const routes: Route[] = [
    ...healthRoutes(db),
    chartRoute(db, chartKey),
    ingestRoute({ db, logger, storeMessageText: config.storeMessageText, defaultRatePerKey: config.ingestRatePerKey }),
  ];
  const tasks: BackgroundTask[] = [];
  const server = await startHttpServer({ host: config.host, port: config.port, routes, logger });
  logger.info('botwatch is listening', { url: server.url, database: db.engine === 'pglite' ? `embedded (${config.dataDir})` : 'postgres' });

  let stopping: Promise<void> | undefined;
  return {
    config,
    db,
    server,
    stop() {
      stopping ??= (async () => {
        for (const task of tasks.reverse()) await task.stop();
        await server.close();
        await db.close();
      })();
      return stopping;
    },
  };
}
