import type { StoreResult } from '../../events/store-events.ts';
import type { Logger } from '../../log.ts';

const firstDelayMs = 500;
const longestDelayMs = 30_000;

/**
 * Stores a batch, retrying with backoff while the database fails (restarting, unreachable): the
 * batch's messages stay unacknowledged meanwhile, so RabbitMQ keeps them. Gives up (undefined)
 * only when botwatch is stopping; the messages are then redelivered to the next consumer.
 */
export async function retryUntilStored(store: () => Promise<StoreResult>, logger: Logger, stopping: () => boolean): Promise<StoreResult | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store();
    } catch (error) {
      if (stopping()) return undefined;
      const delayMs = Math.min(longestDelayMs, firstDelayMs * 2 ** attempt);
      logger.warn('could not store rasa events; retrying', { error: (error as Error).message, retryInMs: delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
