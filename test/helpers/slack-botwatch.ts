import type { ModuleFactory } from '../../src/app/module.ts';
import type { BotwatchServices } from '../../src/app/services.ts';
import { buildSlackModule } from '../../src/chat/slack/slack-module.ts';
import type { SlackModuleOptions } from '../../src/chat/slack/slack-module.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { silentLogger } from '../../src/log.ts';
import type { Logger } from '../../src/log.ts';
import { startBotwatch } from '../../src/serve.ts';
import type { RunningBotwatch } from '../../src/serve.ts';
import type { SlackStandIn } from './slack-stand-in.ts';
import { testSigningSecret } from './slack-requests.ts';

export interface SlackBotwatchOptions {
  /** Extra environment (SLACK_ADMIN_USER_IDS, SLACK_APP_TOKEN…). */
  env?: Record<string, string>;
  now?: () => Date;
  logger?: Logger;
  /** Modules run after Slack (e.g. one registering button handlers). */
  modules?: ModuleFactory[];
  /** Changes what the Slack module sees of the services (e.g. a gated `answer`). */
  services?: (services: BotwatchServices) => BotwatchServices;
  slack?: SlackModuleOptions;
}

export interface SlackBotwatch {
  app: RunningBotwatch;
  url: string;
  /** Stops the modules (waiting for answers in flight) and the HTTP server; the database is the caller's. */
  stop(): Promise<void>;
}

/**
 * The real botwatch server with the Slack module configured against a {@link SlackStandIn}
 * (HTTP mode, signed with `testSigningSecret`, unless the env says otherwise).
 */
export async function startSlackBotwatch(db: Database, standIn: SlackStandIn, options: SlackBotwatchOptions = {}): Promise<SlackBotwatch> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    BOTWATCH_DATA_DIR: '/nonexistent',
    SLACK_SIGNING_SECRET: testSigningSecret,
    SLACK_BOT_TOKEN: standIn.botToken,
    SLACK_API_URL: standIn.apiUrl,
    ...options.env,
  });
  const slack: ModuleFactory = (services) => buildSlackModule(options.services ? options.services(services) : services, { fileReadyWaitsMs: [20, 50], ...options.slack });
  const app = await startBotwatch(config, options.logger ?? silentLogger, { db, ...(options.now ? { now: options.now } : {}), modules: [slack, ...(options.modules ?? [])] });
  return {
    app,
    url: app.server.url,
    async stop() {
      for (const module of [...app.modules].reverse()) await module.stop?.();
      await app.server.close();
    },
  };
}

/** A logger that keeps its records, for tests that check what was logged. */
export function recordingLogger(): Logger & { records: { level: string; message: string; fields: Record<string, unknown> }[] } {
  const records: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const make = (bound: Record<string, unknown>): Logger => ({
    debug: (message, fields = {}) => records.push({ level: 'debug', message, fields: { ...bound, ...fields } }),
    info: (message, fields = {}) => records.push({ level: 'info', message, fields: { ...bound, ...fields } }),
    warn: (message, fields = {}) => records.push({ level: 'warn', message, fields: { ...bound, ...fields } }),
    error: (message, fields = {}) => records.push({ level: 'error', message, fields: { ...bound, ...fields } }),
    child: (fields) => make({ ...bound, ...fields }),
  });
  return Object.assign(make({}), { records });
}
