import { constants } from 'node:os';
import { moduleFactories } from '../app/modules.ts';
import { demoModule } from '../demo/demo-module.ts';
import { retentionModule } from '../retention/retention-module.ts';
import { startBotwatch } from '../serve.ts';
import type { RunningBotwatch, WorkInFlightReport } from '../serve.ts';
import type { CliContext } from './context.ts';

/**
 * `botwatch serve`: runs until SIGTERM/SIGINT, then stops taking new work, finishes what is in
 * flight and closes. Past BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS, or on a second signal, it exits at
 * once, logging what it abandoned.
 */
export async function serveCommand(_args: string[], ctx: CliContext): Promise<number> {
  const { logger } = ctx;
  const timeoutSeconds = ctx.config.shutdownTimeoutSeconds;
  // Set once started; a signal may come before (then it waits for the start).
  const server: { running?: RunningBotwatch } = {};
  let stopped: ((code: number) => void) | undefined;
  let received: NodeJS.Signals | undefined;
  const nothingYet: WorkInFlightReport = { requests: [], commands: [], modulesStopping: [] };

  const stop = (botwatch: RunningBotwatch) => {
    const deadline = setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutSeconds} s (BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS): exiting anyway`, abandoned(botwatch.workInFlight()));
      process.exit(1);
    }, timeoutSeconds * 1000);
    botwatch.stop().then(
      () => {
        clearTimeout(deadline);
        logger.info('botwatch stopped');
        stopped?.(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error('shutdown failed', { error });
        stopped?.(1);
      },
    );
  };
  // Listening from the start: a signal while modules start waits for them, then stops.
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      logger.warn(`${signal} again: exiting now without finishing`, { signal, ...abandoned(server.running?.workInFlight() ?? nothingYet) });
      process.exit(128 + constants.signals[signal]);
    }
    received = signal;
    logger.info(`shutting down (${signal}): no new work; finishing what is in flight (at most ${timeoutSeconds} s, BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS; a second signal exits at once)`, { signal });
    if (server.running !== undefined) stop(server.running);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  // The demo runs only here, in a real `serve`: in-process test servers never get generated data.
  // Retention too: it deletes data, which in-process test servers (with their own clocks) keep.
  const running = await startBotwatch(ctx.config, logger, { modules: [...moduleFactories, retentionModule(), demoModule()] });
  server.running = running;
  const done = new Promise<number>((resolve) => (stopped = resolve));
  if (received !== undefined) stop(running);
  return done;
}

/** What a forced exit leaves unfinished, as log fields (ids, paths and command names; never command text). */
function abandoned(work: WorkInFlightReport): Record<string, unknown> {
  return {
    abandonedRequests: work.requests.map((r) => `${r.method} ${r.path} (request ${r.requestId}, ${r.runningMs} ms)`),
    abandonedCommands: work.commands.map((c) => `${c.what} (command ${c.id}, ${c.runningMs} ms)`),
    modulesStopping: work.modulesStopping,
  };
}
