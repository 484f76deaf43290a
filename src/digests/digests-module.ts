import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { BotwatchModule } from '../app/module.ts';
import type { BotwatchServices } from '../app/services.ts';
import { createDigestRunner } from './commands/run-digest-command.ts';
import { composeDigest } from './content/compose-digest.ts';
import type { RunEnvironment } from './execute-run.ts';
import { DigestScheduler } from './scheduler.ts';
import type { SchedulerOptions } from './scheduler.ts';
import type { DigestContentSpec } from './subscription.ts';
import { contentSpec } from './subscription.ts';

/** How long a replica holds a claimed run before another may take it over (renewed before each post). */
const defaultLeaseMs = 5 * 60_000;

export interface DigestsModuleOptions {
  /** This replica's name in run history (default host:pid:random). */
  replicaId?: string;
  leaseMs?: number;
}

/** The digests module: the `digest …` commands and the scheduler. Platform-neutral: it posts through `services.deliverers`. */
export interface DigestsModule extends BotwatchModule {
  scheduler: DigestScheduler;
}

/**
 * Builds the digests module over the shared services: subscriptions managed by `/botwatch digest …`,
 * a scheduler that ticks every minute once started, and delivery through whichever platform
 * deliverers are registered (read when posting, so module order does not matter).
 */
export function createDigestsModule(services: BotwatchServices, options: DigestsModuleOptions = {}): DigestsModule {
  const composeSpec = (spec: DigestContentSpec, slot: Date) =>
    composeDigest(spec, slot, {
      // Its figures are answers: from the read replica when there is one.
      db: services.readDb,
      now: services.now(),
      idleMinutes: services.config.idleTimeoutMinutes,
      logger: services.logger,
      // Read per digest: the alerts module may register after this one.
      ...(services.firedAlerts ? { firedAlerts: services.firedAlerts } : {}),
    });
  const env: RunEnvironment = {
    db: services.db,
    deliverers: services.deliverers,
    compose: (subscription, slot) => composeSpec(contentSpec(subscription), slot),
    now: services.now,
    logger: services.logger.child({ module: 'digests' }),
    replicaId: options.replicaId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    leaseMs: options.leaseMs ?? defaultLeaseMs,
    metrics: services.metrics,
  };
  const graceMs = services.config.digestGraceMinutes * 60_000;
  const schedulerOptions: SchedulerOptions = { ...env, graceMs };
  const scheduler = new DigestScheduler(schedulerOptions);
  const digestRunner = createDigestRunner({ env, composeSpec, graceMs });
  return {
    name: 'digests',
    scheduler,
    // Subscriptions and runs are digest state: the commands read and change them on the primary.
    runners: { digest: (command, ctx, asker) => digestRunner(command, { ...ctx, db: services.db }, asker) },
    start: () => {
      scheduler.start();
      return Promise.resolve();
    },
    stop: () => scheduler.stop(),
  };
}
