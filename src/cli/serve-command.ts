import { moduleFactories } from '../app/modules.ts';
import { demoModule } from '../demo/demo-module.ts';
import { retentionModule } from '../retention/retention-module.ts';
import { startBotwatch } from '../serve.ts';
import type { CliContext } from './context.ts';

/** `botwatch serve`: runs until SIGTERM/SIGINT, then shuts down cleanly. */
export async function serveCommand(_args: string[], ctx: CliContext): Promise<number> {
  // The demo runs only here, in a real `serve`: in-process test servers never get generated data.
  // Retention too: it deletes data, which in-process test servers (with their own clocks) keep.
  const running = await startBotwatch(ctx.config, ctx.logger, { modules: [...moduleFactories, retentionModule(), demoModule()] });
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      ctx.logger.info('shutting down', { signal });
      running.stop().then(resolve, (error: unknown) => {
        ctx.logger.error('shutdown failed', { error });
        resolve();
      });
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}
