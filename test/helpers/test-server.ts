import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { createApiKey } from '../../src/keys/api-keys.ts';
import { silentLogger } from '../../src/log.ts';
import { startBotwatch } from '../../src/serve.ts';
import type { RunningBotwatch, StartOptions } from '../../src/serve.ts';
import { openTestDatabase } from './test-database.ts';
import type { TestDatabase } from './test-database.ts';

export interface TestServer {
  app: RunningBotwatch;
  url: string;
  key: string;
  postEvents(body: unknown, options?: { key?: string | null; contentType?: string; raw?: string | Buffer }): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  stop(): Promise<void>;
}

/**
 * Starts the real server on a free port over `db`, with one ingest key. `options` picks the
 * modules (default: every configured one) and the clock.
 */
export async function startTestServer(db: Database, env: Record<string, string> = {}, options: Pick<StartOptions, 'modules' | 'now'> = {}): Promise<TestServer> {
  const config = loadConfig({ PORT: '0', BOTWATCH_DATA_DIR: '/nonexistent', ...env });
  const app = await startBotwatch(config, silentLogger, { db, ...options });
  const { key } = await createApiKey(db, `test-${Math.random().toString(36).slice(2, 8)}`);
  return {
    app,
    url: app.server.url,
    key,
    async postEvents(body, options = {}) {
      const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
      const useKey = options.key === undefined ? key : options.key;
      if (useKey !== null) headers.authorization = `Bearer ${useKey}`;
      const response = await fetch(`${app.server.url}/v1/events`, { method: 'POST', headers, body: options.raw ?? JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
    },
    // The database belongs to the caller; stop only the HTTP server here.
    stop: () => app.server.close(),
  };
}

/** For a test file: a test database and botwatch serving it over HTTP, opened before its tests and closed after. */
export function testDatabaseAndServer(): { t: TestDatabase; server: TestServer } {
  const both = {} as { t: TestDatabase; server: TestServer };
  beforeAll(async () => {
    both.t = await openTestDatabase();
    both.server = await startTestServer(both.t.db);
  });
  afterAll(async () => {
    await both.server?.stop();
    await both.t?.close();
  });
  return both;
}
