import type { App } from '@slack/bolt';
import type { Logger } from '../../log.ts';

/**
 * Opens the Socket Mode connection (apps.connections.open with the app-level token, then a
 * WebSocket). A refused token fails at once and stops botwatch; if Slack is merely slow or
 * unreachable, botwatch does not wait forever: after `waitMs` it carries on serving (ingest,
 * digests) while the client keeps reconnecting, and says so in the log.
 */
export async function connectSocketMode(app: App, logger: Logger, waitMs: number): Promise<void> {
  const connecting = Promise.resolve(app.start()).then(() => 'connected' as const);
  let timer: NodeJS.Timeout | undefined;
  const waiting = new Promise<'waiting'>((resolve) => {
    timer = setTimeout(() => resolve('waiting'), waitMs);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([connecting, waiting]);
    if (outcome === 'connected') return;
    logger.warn('Slack Socket Mode is not connected yet; it keeps trying in the background', { waitedMs: waitMs });
    connecting.then(
      () => logger.info('Slack Socket Mode connected'),
      (error: unknown) => logger.error('Slack Socket Mode could not connect', { error }),
    );
  } catch (error) {
    throw new Error(`Slack Socket Mode could not connect: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
