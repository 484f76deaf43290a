import type { ModuleFactory } from '../app/module.ts';
import { runDailyRetention } from './run-retention.ts';

const hourMs = 3_600_000;

/**
 * Retention in `botwatch serve`: every replica looks once an hour (and at start) whether today's
 * run has been claimed; the first to claim it runs it, so it happens once a day across replicas.
 */
export function retentionModule(options: { checkEveryMs?: number } = {}): ModuleFactory {
  return (services) => {
    const { config, db, logger } = services;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    const check = () => {
      running = runDailyRetention(db, services.now(), config.retentionDays).then(
        (counts) => {
          if (counts === undefined) return;
          logger.info('retention run finished', {
            cutoff: counts.cutoff?.toISOString() ?? 'kept forever',
            partitionsDropped: counts.partitions.join(',') || 'none',
            conversations: counts.conversations,
            rollupRows: counts.factRollups + counts.stepRollups + counts.llmGroupRollups + counts.scoreRollups,
            rasaSenders: counts.rasaSenders,
            expiredCharts: counts.expiredCharts,
            expiredExports: counts.expiredExports,
            digestRuns: counts.digestRuns,
            alertHistory: counts.alertHistory,
          });
        },
        (error: unknown) => logger.error('retention run failed; the next replica or hour tries again tomorrow’s slot', { error }),
      );
    };
    return {
      name: 'retention',
      start() {
        check();
        timer = setInterval(check, options.checkEveryMs ?? hourMs);
        timer.unref();
        return Promise.resolve();
      },
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  };
}
