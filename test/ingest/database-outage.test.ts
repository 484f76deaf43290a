import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event } from '../helpers/events.ts';
import { testEngine } from '../helpers/test-database.ts';
import { startServerBehindProxy } from '../helpers/server-behind-proxy.ts';
import type { TcpProxy } from '../helpers/tcp-proxy.ts';
import type { ServerBehindProxy } from '../helpers/server-behind-proxy.ts';
import type { TestServer } from '../helpers/test-server.ts';

// An embedded database lives in the process and cannot become unreachable; this is a server failure.
describe.skipIf(testEngine !== 'postgres')('ingest while the database server is unreachable (real PostgreSQL only)', () => {
  let botwatch: ServerBehindProxy;
  let proxy: TcpProxy;
  let server: TestServer;

  beforeAll(async () => {
    botwatch = await startServerBehindProxy();
    ({ proxy, server } = botwatch);
  });
  afterAll(async () => {
    await botwatch?.close();
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
    const stored = await botwatch.direct.query<{ id: string }>(`SELECT id FROM events WHERE bot_id = 'outage' ORDER BY id`);
    expect(stored.map((r) => r.id)).toEqual(['after', 'before']);
  });
});
