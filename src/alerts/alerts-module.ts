import type { BotwatchModule } from '../app/module.ts';
import type { BotwatchServices } from '../app/services.ts';
import { runAlertCommand } from './alert-command.ts';
import { alertActionHandlers } from './alert-actions.ts';
import type { AlertsContext } from './alerts-context.ts';
import { createAlertEvaluator } from './evaluator.ts';
import type { AlertEvaluator } from './evaluator.ts';
import { firedAlertsSource } from './fired-alerts-source.ts';

/** The alerts module with its evaluator exposed (tests run cycles by hand with a moved clock). */
export interface AlertsModule extends BotwatchModule {
  evaluator: AlertEvaluator;
}

/**
 * Threshold alerts (docs/alerts.md): the `alert …` commands, the Acknowledge and Mute buttons, the
 * evaluator (every ALERT_EVAL_INTERVAL_SECONDS in every replica) and the fired-alerts history
 * digests read. Posts through `services.deliverers`, whichever platforms are configured.
 */
export function createAlertsModule(services: BotwatchServices): AlertsModule {
  const { config } = services;
  const ctx: AlertsContext = {
    db: services.db,
    deliverers: services.deliverers,
    logger: services.logger.child({ module: 'alerts' }),
    now: services.now,
    timeZone: config.timeZone,
    idleMinutes: config.idleTimeoutMinutes,
    silenceSeconds: config.alertSilenceMinutes * 60,
    intervalSeconds: config.alertEvalIntervalSeconds,
  };
  const evaluator = createAlertEvaluator({
    ...ctx,
    // Half the pool: commands and ingest keep connections while a cycle runs.
    concurrency: Math.max(1, Math.floor(config.dbPoolSize / 2)),
    metrics: services.metrics,
  });
  return {
    name: 'alerts',
    runners: { alert: (command, _ctx, asker) => runAlertCommand(command, ctx, asker) },
    actions: alertActionHandlers(ctx),
    firedAlerts: firedAlertsSource(services.db),
    evaluator,
    start: () => Promise.resolve(evaluator.start()),
    stop: () => evaluator.stop(),
  };
}
