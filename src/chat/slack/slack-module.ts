import os from 'node:os';
import { App, SocketModeReceiver, webApi } from '@slack/bolt';
import type { BotwatchModule, ModuleFactory } from '../../app/module.ts';
import type { BotwatchServices } from '../../app/services.ts';
import { ConfigError } from '../../config.ts';
import { newLogId, withLogContext } from '../../logging/log-context.ts';
import { answerSlashCommand } from './answer-slash-command.ts';
import { registerSlackListeners } from './app.ts';
import { toBoltLogger } from './bolt-logger.ts';
import { concurrencyLimit } from './concurrency-limit.ts';
import { EventsRouteReceiver, slackEventsPath } from './events-route-receiver.ts';
import { pressButton } from './press-button.ts';
import type { SlackContext } from './slack-context.ts';
import { createSlackDeliverer } from './slack-deliverer.ts';
import { SlackCallError } from './slack-failure.ts';
import { defaultRetryPolicy, withSlackRetries } from './slack-retries.ts';
import type { RetryPolicy } from './slack-retries.ts';
import { slackSettings } from './slack-settings.ts';
import { connectSocketMode } from './socket-mode.ts';

export interface SlackModuleOptions {
  retryPolicy?: RetryPolicy;
  /** Waits for Slack to finish processing an uploaded chart before posting without it. */
  fileReadyWaitsMs?: readonly number[];
  /** How long `start()` waits for the Socket Mode connection before leaving it to connect in the background. */
  socketModeConnectWaitMs?: number;
  /** How long `stop()` waits for answers still being computed or posted. */
  stopGraceMs?: number;
  /** Commands answered at once (the rest wait their turn); default: the machine's cores, at least 2. */
  answersAtOnce?: number;
}

/** The Slack app as a botwatch module; undefined when no Slack setting is present. */
export const createSlackModule: ModuleFactory = (services) => buildSlackModule(services);

/** {@link createSlackModule} with its timings adjustable (tests). */
export function buildSlackModule(services: BotwatchServices, options: SlackModuleOptions = {}): BotwatchModule | undefined {
  const settings = slackSettings(services.config);
  if (settings === undefined) return undefined;
  const logger = services.logger.child({ module: 'slack' });
  if (settings.mode !== 'socket' && services.config.publicBaseUrl === undefined) {
    // Slack must reach /slack/events from the internet; botwatch cannot know that address itself.
    logger.warn(`PUBLIC_BASE_URL is not set: Slack posts commands and button presses to the Request URL https://<botwatch's public address>${slackEventsPath}. Set PUBLIC_BASE_URL to that address, and the same URL (ending in ${slackEventsPath}) as the Request URL of the slash command and of Interactivity in the Slack app's settings.`);
  }
  const boltLogger = toBoltLogger(logger);
  // Retries are botwatch's own (bounded, slack-retries.ts), not the client's 30-minute schedule.
  const clientOptions = { slackApiUrl: settings.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: boltLogger };
  const retryPolicy: RetryPolicy = {
    ...(options.retryPolicy ?? defaultRetryPolicy),
    onAttempt(method, failure) {
      services.metrics.chatApiCalls.inc({ platform: 'slack', method });
      if (failure) services.metrics.chatApiFailures.inc({ platform: 'slack', method, kind: failure.kind });
    },
  };
  const ctx: SlackContext = {
    client: new webApi.WebClient(settings.botToken, clientOptions),
    logger,
    renderChart: (chart) => services.renderChart(chart),
    retryPolicy,
    fileReadyWaitsMs: options.fileReadyWaitsMs ?? [250, 500, 1000, 2000],
  };
  const receiver =
    settings.mode === 'socket'
      ? // The socket client opens its connection through the Web API base too (apps.connections.open).
        new SocketModeReceiver({ appToken: settings.appToken, logger: boltLogger, installerOptions: { clientOptions: { slackApiUrl: settings.apiUrl } } })
      : new EventsRouteReceiver({ signingSecret: settings.signingSecret, logger: boltLogger });

  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };
  let app: App | undefined;
  const answering = concurrencyLimit(options.answersAtOnce ?? Math.max(2, os.availableParallelism()));

  return {
    name: 'slack',
    routes: receiver instanceof EventsRouteReceiver ? [receiver.route] : [],
    deliverer: createSlackDeliverer(ctx),
    async start() {
      const auth = await checkBotToken(ctx.client, retryPolicy, settings.apiUrl);
      // Bolt is given the bot's ids from that check, so it does not call auth.test again.
      app = new App({ token: settings.botToken, botId: auth.botId, botUserId: auth.botUserId, receiver, logger: boltLogger, clientOptions: { ...clientOptions } });
      const { adminUserIds } = settings;
      registerSlackListeners(
        app,
        {
          // One id per command, on every line it causes, its posting to Slack included.
          slashCommand: (payload, respond) =>
            withLogContext({ commandId: newLogId() }, () =>
              answering(() => answerSlashCommand({ ...ctx, answer: (text, asker) => services.answer(text, asker), adminUserIds, botUserId: auth.botUserId }, payload, respond)),
            ),
          buttonPress: (payload, respond) =>
            withLogContext({ commandId: newLogId() }, () => pressButton({ ...ctx, handleAction: (action, asker) => services.handleAction(action, asker), adminUserIds }, payload, respond)),
        },
        track,
        logger,
      );
      if (settings.mode === 'socket') await connectSocketMode(app, logger, options.socketModeConnectWaitMs ?? 10_000);
      logger.info('Slack app ready', { mode: settings.mode === 'socket' ? 'Socket Mode' : 'HTTP (/slack/events)', bot: auth.botUserId, team: auth.team });
    },
    async stop() {
      await app?.stop();
      if (inFlight.size === 0) return;
      const grace = new Promise<void>((resolve) => setTimeout(resolve, options.stopGraceMs ?? 10_000).unref());
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
    },
  };
}

/** Checks the bot token with auth.test and learns the bot's ids; a refused token stops botwatch with the variable's name. */
async function checkBotToken(client: webApi.WebClient, policy: RetryPolicy, apiUrl: string): Promise<{ botId: string; botUserId: string; team: string }> {
  try {
    const auth = await withSlackRetries('auth.test', () => client.auth.test(), policy);
    if (!auth.user_id || !auth.bot_id) throw new ConfigError('SLACK_BOT_TOKEN: expected a bot token, but Slack says it belongs to no bot user (use the Bot User OAuth Token, xoxb-…)');
    return { botId: auth.bot_id, botUserId: auth.user_id, team: auth.team ?? auth.team_id ?? '' };
  } catch (error) {
    if (error instanceof SlackCallError && error.failure.kind !== 'transient') throw new ConfigError(`SLACK_BOT_TOKEN: Slack refused it (auth.test: ${error.failure.code})`, { cause: error });
    if (error instanceof SlackCallError) throw new Error(`Slack could not be reached at ${apiUrl} to check SLACK_BOT_TOKEN (${error.failure.code})`, { cause: error });
    throw error;
  }
}
