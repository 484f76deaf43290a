import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { event } from '../helpers/events.ts';
import { testEngine } from '../helpers/test-database.ts';
import { startServerBehindProxy } from '../helpers/server-behind-proxy.ts';
import type { TcpProxy } from '../helpers/tcp-proxy.ts';
import type { ServerBehindProxy } from '../helpers/server-behind-proxy.ts';
import type { TestServer } from '../helpers/test-server.ts';

const ingestTimeoutMs = 1_500;
/**
 * The promise: no request waits longer than the ingest timeout plus 1 s. The other 2 s are room
 * for a loaded test machine (event-loop lag); the stall lasts 6 s, so a request that waited it out
 * would still fail this bound.
 */
const latencyBound = ingestTimeoutMs + 1_000 + 2_000;

// The embedded database lives in the process: there is no link to stall. This needs a server.
describe.skipIf(testEngine !== 'postgres')('ingest while the database link stalls and resets under load (real PostgreSQL only; skipped on the embedded engine)', () => {
  let botwatch: ServerBehindProxy;
  let proxy: TcpProxy;
  let server: TestServer;

  beforeAll(async () => {
    botwatch = await startServerBehindProxy({ BOTWATCH_DB_INGEST_TIMEOUT_MS: String(ingestTimeoutMs) }, { modules: [] });
    ({ proxy, server } = botwatch);
  });
  afterAll(async () => {
    await botwatch?.close();
  });

  it('answers every request in bounded time (503 with Retry-After while stalled), /readyz within 2 s, and stores every event exactly once', async () => {
    const answers: { status: number; ms: number; retryAfter: string | null }[] = [];
    const unacknowledged: Record<string, unknown>[][] = [];
    let sent = 0;
    let running = true;
    const client = async (c: number) => {
      for (let n = 0; running; n++) {
        const batch = [0, 1, 2, 3, 4].map((i) => event('message.received', { id: `c${c}-${n}-${i}`, botId: 'stall', conversationId: `c${c}-${n % 7}`, timestamp: new Date(Date.now() - 60_000).toISOString() }));
        sent += batch.length;
        const started = performance.now();
        const res = await server.postEvents(batch);
        answers.push({ status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after') });
        if (res.status !== 200) unacknowledged.push(batch);
        await sleep(20);
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(client));

    await sleep(1_000);
    proxy.stall();
    await sleep(500);
    const askedAt = performance.now();
    const ready = await fetch(`${server.url}/readyz`);
    const readyMs = performance.now() - askedAt;
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready', reason: 'database unreachable' });
    expect(readyMs).toBeLessThan(2_000);
    await sleep(5_500);
    proxy.resume();
    await sleep(1_000);
    proxy.reset();
    await sleep(1_500);
    running = false;
    await load;

    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => a.retryAfter === '5')).toBe(true);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(latencyBound);
    expect(answers.at(-1)?.status).toBe(200); // recovered without a restart

    // A client retries what was not acknowledged; whatever the stall did, each event is stored once.
    for (const batch of unacknowledged) {
      let status = 0;
      for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
        status = (await server.postEvents(batch)).status;
        if (status !== 200) await sleep(250);
      }
      expect(status).toBe(200);
    }
    const [stored] = await botwatch.direct.query<{ n: number; ids: number }>(`SELECT count(*) AS n, count(DISTINCT (conversation_id, id)) AS ids FROM events WHERE bot_id = 'stall'`);
    expect(stored).toEqual({ n: sent, ids: sent });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  }, 60_000);
});
