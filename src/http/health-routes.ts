import type { Database } from '../db/database.ts';
import { readSchemaStatus } from '../db/migrations.ts';
import { sendJson } from './respond.ts';
import type { Route } from './router.ts';

/**
 * `/healthz`: the process is up. `/readyz`: the database answers and its schema is current;
 * `details` adds the modules' own state (e.g. `rasa: connected`).
 */
export function healthRoutes(db: Database, details: () => Record<string, string> = () => ({})): Route[] {
  return [
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        try {
          const schema = await readSchemaStatus(db);
          if (!schema.current) return sendJson(res, 503, { status: 'not ready', reason: `schema at version ${schema.applied}, this build needs ${schema.known}; run botwatch migrate` });
          sendJson(res, 200, { status: 'ready', engine: db.engine, schema: schema.applied, ...details() });
        } catch (error) {
          sendJson(res, 503, { status: 'not ready', reason: `database unreachable: ${(error as Error).message}` }, { 'retry-after': '5' });
        }
      },
    },
  ];
}
