import type { Database } from '../db/database.ts';
import { readSchemaStatus } from '../db/migrations.ts';
import type { Logger } from '../log.ts';
import { sendJson } from './respond.ts';
import type { Route } from './router.ts';

/** `/readyz` answers within 2 s whatever the database does: a probe slower than this counts as not ready. */
const probeTimeoutMs = 1_500;

/**
 * `/healthz`: the process is up. `/readyz`: the database answers and its schema is current. Both
 * answer anyone, so they stay terse: why the database is unreachable goes to the log only.
 * `details` adds the modules' own state (e.g. `rasa: connected`).
 */
export function healthRoutes(db: Database, logger?: Logger, details: () => Record<string, string> = () => ({})): Route[] {
  const probeDb = db.withTimeout?.(probeTimeoutMs) ?? db;
  return [
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        try {
          const schema = await withinProbeTime(readSchemaStatus(probeDb));
          if (!schema.current) return sendJson(res, 503, { status: 'not ready', reason: `schema at version ${schema.applied}, this build needs ${schema.known}; run botwatch migrate` });
          sendJson(res, 200, { status: 'ready', engine: db.engine, schema: schema.applied, ...details() });
        } catch (error) {
          logger?.warn('not ready: the database is unreachable', { error });
          sendJson(res, 503, { status: 'not ready', reason: 'database unreachable' }, { 'retry-after': '5' });
        }
      },
    },
  ];
}

/** `probe`, or a rejection once it has taken {@link probeTimeoutMs} (the probe itself ends on its own timeout). */
async function withinProbeTime<T>(probe: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database probe timed out')), probeTimeoutMs);
  });
  probe.catch(() => undefined); // a probe that fails after the answer was sent is of no interest
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}
