import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event } from '../helpers/events.ts';
import { openTestDatabase, testDatabaseUrl, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { startTestServer } from '../helpers/test-server.ts';
import type { TestServer } from '../helpers/test-server.ts';
import type { Database } from '../../src/db/database.ts';

// An embedded database lives in the process and cannot become unreachable; this is a server failure.
describe.skipIf(testEngine !== 'postgres')('ingest while the database server is unreachable (real PostgreSQL only)', () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let viaProxy: Database;
  let server: TestServer;

  beforeAll(async () => {
    t = await openTestDatabase();
    const target = new URL(testDatabaseUrl ?? '');
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const url = new URL(testDatabaseUrl ?? '');
    url.host = `127.0.0.1:${proxy.port}`;
    viaProxy = t.openReplica!({ connectionString: url.toString() });
    server = await startTestServer(viaProxy);
  });
  afterAll(async () => {
    await server?.stop();
    await viaProxy?.close();
    await proxy?.stop();
    await t?.close();
  });

  it('answers 503 with Retry-After while it is down, does not crash, and recovers by itself', async () => {
    const send = (id: string) => server.postEvents([event('message.received', { id, botId: 'outage' })]);
    expect((await send('before')).status).toBe(200);

    await proxy.stop();
    for (const id of ['during-1', 'during-2']) {
      const down = await send(id);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(down.body.error).toMatch(/database is unreachable; nothing from this request was stored/);
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    await proxy.start();
    const after = await send('after');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ accepted: 1 });
    const stored = await t.db.query<{ id: string }>(`SELECT id FROM events WHERE bot_id = 'outage' ORDER BY id`);
    expect(stored.map((r) => r.id)).toEqual(['after', 'before']);
  });
});
