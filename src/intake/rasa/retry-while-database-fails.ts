import type { Logger } from '../../log.ts';

const firstDelayMs = 500;
const longestDelayMs = 30_000;

/**
 * Runs a database call (storing a batch, reading senders' states), retrying with backoff while the
 * database fails (restarting, unreachable): the batch's messages stay unacknowledged meanwhile, so
 * RabbitMQ keeps them. Gives up (undefined) only when botwatch is stopping; the messages are then
 * redelivered to the next consumer. `failure` is the log line of a failed attempt.
 */
export async function retryWhileDatabaseFails<T>(work: () => Promise<T>, failure: string, logger: Logger, stopping: () => boolean): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (stopping()) return undefined;
      const delayMs = Math.min(longestDelayMs, firstDelayMs * 2 ** attempt);
      logger.warn(failure, { error: (error as Error).message, retryInMs: delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
