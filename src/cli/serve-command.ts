import { constants } from 'node:os';
import { moduleFactories } from '../app/modules.ts';
import { demoModule } from '../demo/demo-module.ts';
import { startBotwatch } from '../serve.ts';
import type { WorkInFlightReport } from '../serve.ts';
import type { CliContext } from './context.ts';

/**
 * `botwatch serve`: runs until SIGTERM/SIGINT, then stops taking new work, finishes what is in
 * flight and closes. Past BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS, or on a second signal, it exits at
 * once, logging what it abandoned.
 */
export async function serveCommand(_args: string[], ctx: CliContext): Promise<number> {
  // The demo runs only here, in a real `serve`: in-process test servers never get generated data.
  const running = await startBotwatch(ctx.config, ctx.logger, { modules: [...moduleFactories, demoModule()] });
  const { logger } = ctx;
  const timeoutSeconds = ctx.config.shutdownTimeoutSeconds;
  return new Promise<number>((resolve) => {
    let received: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received !== undefined) {
        logger.warn(`${signal} again: exiting now without finishing`, { signal, ...abandoned(running.workInFlight()) });
        process.exit(128 + constants.signals[signal]);
      }
      received = signal;
      logger.info(`shutting down (${signal}): no new work; finishing what is in flight (at most ${timeoutSeconds} s, BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS; a second signal exits at once)`, { signal });
      const deadline = setTimeout(() => {
        logger.error(`shutdown took longer than ${timeoutSeconds} s (BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS): exiting anyway`, abandoned(running.workInFlight()));
        process.exit(1);
      }, timeoutSeconds * 1000);
      running.stop().then(
        () => {
          clearTimeout(deadline);
          logger.info('botwatch stopped');
          resolve(0);
        },
        (error: unknown) => {
          clearTimeout(deadline);
          logger.error('shutdown failed', { error });
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/** What a forced exit leaves unfinished, as log fields (ids, paths and command names; never command text). */
function abandoned(work: WorkInFlightReport): Record<string, unknown> {
  return {
    abandonedRequests: work.requests.map((r) => `${r.method} ${r.path} (request ${r.requestId}, ${r.runningMs} ms)`),
    abandonedCommands: work.commands.map((c) => `${c.what} (command ${c.id}, ${c.runningMs} ms)`),
    modulesStopping: work.modulesStopping,
  };
}
