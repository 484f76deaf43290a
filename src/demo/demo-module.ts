import type { BotwatchModule, ModuleFactory } from '../app/module.ts';
import type { BotwatchServices } from '../app/services.ts';
import { demoBotIds, defaultDemoPlan } from './demo-plan.ts';
import type { DemoPlan } from './demo-plan.ts';
import type { DemoState } from './demo-state.ts';
import { claimDemo, planOf, readDemoState } from './demo-state.ts';
import { LiveDemoTraffic } from './live-demo-traffic.ts';
import { loadDemoMonth } from './load-demo-month.ts';
import { hasAnyBot } from './remove-demo-data.ts';

export interface DemoModuleOptions {
  /** How often live events are released (default every 5 s). */
  tickMs?: number;
  /** Overrides of the default plan (tests: fewer days). */
  plan?: Partial<Pick<DemoPlan, 'seed' | 'days' | 'perDay'>>;
}

/**
 * Demo data for `botwatch serve` in local mode: on an empty embedded database with no chat
 * platform configured it loads a generated month in the background (the console already
 * answers meanwhile), and while botwatch runs it keeps the demo bots sending events, so the
 * numbers move and alerts can fire. Never on a real database (DATABASE_URL), never when
 * BOTWATCH_DEMO=off, never into a database that already has bots, never again once removed.
 */
export function demoModule(options: DemoModuleOptions = {}): ModuleFactory {
  return async (services) => {
    const { config, db, logger } = services;
    if (config.demo === 'off' || config.databaseUrl !== undefined || db.engine !== 'pglite') return undefined;
    let state = await readDemoState(db);
    if (state === undefined) {
      if (config.platformConfigured) return undefined;
      if (await hasAnyBot(db)) {
        logger.debug('no demo data: the database already holds events');
        return undefined;
      }
      const plan = { ...defaultDemoPlan, ...options.plan, anchor: services.now() };
      await claimDemo(db, plan);
      state = await readDemoState(db);
    }
    if (state === undefined || state.status === 'removed') return undefined;
    return runDemo(services, state, options.tickMs ?? 5_000);
  };
}

function runDemo(services: BotwatchServices, initial: DemoState, tickMs: number): BotwatchModule {
  const { db, logger } = services;
  const stopping = new AbortController();
  let loading: Promise<unknown> | undefined;
  let ticking: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let live: LiveDemoTraffic | undefined;

  const tick = () => {
    ticking = live!
      .catchUp(services.now(), stopping.signal)
      .then((counts) => services.metrics.demoEvents.inc(counts.events))
      .catch((error: unknown) => logger.error('demo data: storing live events failed; trying again at the next tick', { error }))
      .finally(() => {
        if (!stopping.signal.aborted) timer = setTimeout(tick, tickMs);
      });
  };

  return {
    name: 'demo',
    async start() {
      const bots = demoBotIds.join(', ');
      if (initial.status === 'loading') {
        logger.info(`demo data: loading a generated month for ${bots} in the background (the console answers meanwhile); BOTWATCH_DEMO=off turns it off, botwatch demo --remove deletes it`, {
          seed: initial.seed,
          days: initial.days,
          loadedDays: initial.loadedDays,
        });
        const started = performance.now();
        // 2,000 events a transaction: ≈ 20 % slower than 5,000, but the server answers within ≈ 0.5 s meanwhile.
        const metrics = services.metrics;
        let eventsSoFar = initial.events ?? 0;
        metrics.demoDaysLoaded.set(initial.loadedDays);
        const onDay = (day: DemoState) => {
          metrics.demoDaysLoaded.set(day.loadedDays);
          metrics.demoEvents.inc((day.events ?? 0) - eventsSoFar);
          eventsSoFar = day.events ?? 0;
        };
        loading = loadDemoMonth(db, initial, { signal: stopping.signal, batchSize: 2_000, onDay }).then(
          (done) => {
            if (done.status === 'ready') logger.info('demo data loaded', { conversations: done.conversations, events: done.events, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) });
          },
          (error: unknown) => logger.error('demo data: loading failed; botwatch demo --reset loads it again', { error }),
        );
      } else {
        services.metrics.demoDaysLoaded.set(initial.loadedDays);
        logger.info(`demo data: this database holds generated demo data for ${bots} (botwatch demo --remove deletes it)`, { seed: initial.seed, loadedAt: initial.anchor.toISOString() });
      }
      // Live events continue from the last one stored (a restart catches up), at most the plan's days back.
      const [row] = await db.query<{ last: Date | null }>('SELECT max(last_event_at) AS last FROM bots WHERE bot_id = ANY($1::text[])', [demoBotIds]);
      const floor = services.now().getTime() - initial.days * 24 * 3_600_000;
      const through = Math.max(initial.anchor.getTime(), row?.last?.getTime() ?? 0, floor);
      live = new LiveDemoTraffic(db, planOf(initial), new Date(through));
      tick();
    },
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await Promise.all([loading, ticking]);
    },
  };
}
