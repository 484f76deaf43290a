import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../log.ts';

/** Teams stops showing "botwatch is typing…" after a few seconds; it is sent again this often. */
const repeatMs = 3_000;

/**
 * Shows the typing indicator while `work` runs (a summary with its chart can take a moment). The
 * first indicator is sent before the work starts; one that cannot be sent is logged, and the work
 * goes on: it is a courtesy, not the answer.
 */
export async function whileTyping<T>(context: TurnContext, logger: Logger, work: () => Promise<T>): Promise<T> {
  const typing = async () => {
    try {
      await context.sendActivity({ type: 'typing' });
    } catch (error) {
      logger.warn('Teams typing indicator not sent', { error });
    }
  };
  await typing();
  const timer = setInterval(() => void typing(), repeatMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
