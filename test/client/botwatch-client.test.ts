import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotwatchClient } from '../../src/client/index.ts';
import type { BotwatchClientOptions, TrackEvent , BotwatchClientError } from '../../src/client/index.ts';
import { HttpRecorderProxy } from '../helpers/http-recorder-proxy.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { testEngine } from '../helpers/test-database.ts';
import { testDatabaseAndServer } from '../helpers/test-server.ts';

const both = testDatabaseAndServer();

let proxy: HttpRecorderProxy;
beforeAll(async () => {
  proxy = new HttpRecorderProxy(both.server.url);
  await proxy.start();
});
afterAll(() => proxy?.stop());
afterEach(() => {
  proxy.requests.length = 0;
  proxy.intercept = () => undefined;
});

/** A client through the recording proxy, collecting what it reports to `onError`. */
function clientFor(botId: string, options: Partial<BotwatchClientOptions> = {}) {
  const errors: BotwatchClientError[] = [];
  const client = new BotwatchClient({ url: proxy.url, apiKey: both.server.key, botId, flushIntervalMs: 60_000, retryDelayMs: 20, maxRetryDelayMs: 100, onError: (e) => errors.push(e), ...options });
  return { client, errors };
}

const storedIds = async (botId: string) => (await both.t.db.query<{ id: string }>('SELECT id FROM events WHERE bot_id = $1 ORDER BY id', [botId])).map((r) => r.id);

describe(`botwatch/client against a running botwatch (${testEngine})`, () => {
  it('sends full batches by itself and the rest on flush(), giving each event an id unless it has one', async () => {
    const { client, errors } = clientFor('batching', { batchSize: 3 });
    for (let i = 0; i < 7; i++) client.messageReceived(`conv-${i % 2}`, { userId: `user-${i % 2}` });
    client.track({ type: 'csat', conversationId: 'conv-0', score: 5, id: 'my-own-id' });
    // Two full batches go out without waiting for the interval; the last two wait for it (or flush).
    await expect.poll(() => proxy.requests.filter((r) => r.status !== 0).length, { timeout: 10_000 }).toBe(2);
    await client.flush();
    expect(proxy.batchSizes()).toEqual([3, 3, 2]);
    expect(errors).toEqual([]);

    const ids = await storedIds('batching');
    expect(ids).toHaveLength(8);
    expect(ids).toContain('my-own-id');
    expect(ids.filter((id) => /^[0-9a-f-]{36}$/.test(id))).toHaveLength(7);
    expect(client.stats()).toMatchObject({ tracked: 8, accepted: 8, duplicate: 0, rejected: 0, dropped: 0, failed: 0, retries: 0, pending: 0 });
  });

  it('waits as long as Retry-After says after a 429, then sends the same batch: nothing lost, nothing twice', async () => {
    proxy.intercept = (index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : undefined);
    const { client, errors } = clientFor('rate-limited');
    for (let i = 0; i < 5; i++) client.messageSent('c1', { latencyMs: 100 + i });
    await client.flush();
    expect(proxy.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(proxy.requests[1]!.body).toBe(proxy.requests[0]!.body);
    expect(proxy.requests[1]!.at - proxy.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(await storedIds('rate-limited')).toHaveLength(5);
    expect(client.stats()).toMatchObject({ accepted: 5, duplicate: 0, retries: 1, failed: 0, pending: 0 });
    expect(errors.map((e) => e.kind)).toEqual(['unreachable']);
  });

  it('sends a batch again when the answer was lost (a 503 after botwatch stored it): stored once, counted as duplicates', async () => {
    proxy.intercept = (index) => (index === 0 ? { status: 503, afterForwarding: true } : undefined);
    const { client } = clientFor('lost-answer');
    for (let i = 0; i < 4; i++) client.goal(`c${i}`, 'order_tracked');
    await client.flush();
    expect(proxy.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(await storedIds('lost-answer')).toHaveLength(4);
    expect(client.stats()).toMatchObject({ accepted: 0, duplicate: 4, retries: 1 });
  });

  it('keeps events while botwatch is down and delivers them when it is back', async () => {
    const target = new URL(both.server.url);
    const tcp = new TcpProxy(target.hostname, Number(target.port));
    await tcp.start();
    await tcp.stop();
    const { client, errors } = clientFor('outage', { url: `http://127.0.0.1:${tcp.port}`, batchSize: 2 });
    try {
      for (let i = 0; i < 6; i++) client.step('c1', 'booking', `step-${i}`);
      await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(errors[0]).toMatchObject({ kind: 'unreachable' });
      expect(errors[0]!.message).toMatch(/unreachable/);
      await expect.poll(() => client.stats().retries, { timeout: 10_000 }).toBeGreaterThan(1);
      expect(await storedIds('outage')).toEqual([]);

      await tcp.start();
      await client.flush();
      expect(await storedIds('outage')).toHaveLength(6);
      expect(client.stats()).toMatchObject({ accepted: 6, failed: 0, dropped: 0, pending: 0 });
      expect(errors.map((e) => e.kind)).toEqual(['unreachable']);
    } finally {
      await tcp.stop();
    }
  });

  it('drops the oldest events when the buffer is full, and counts and reports each', async () => {
    const { client, errors } = clientFor('full-buffer', { maxBuffer: 5 });
    for (let i = 1; i <= 8; i++) client.track({ type: 'message.received', conversationId: 'c1', id: `e${i}` });
    expect(client.stats()).toMatchObject({ tracked: 8, dropped: 3, pending: 5 });
    expect(errors.map((e) => [e.kind, e.event?.id])).toEqual([
      ['dropped', 'e1'],
      ['dropped', 'e2'],
      ['dropped', 'e3'],
    ]);
    await client.close();
    expect(await storedIds('full-buffer')).toEqual(['e4', 'e5', 'e6', 'e7', 'e8']);
  });

  it('close() sends what is left before it resolves; later events are counted as dropped, not thrown', async () => {
    const { client, errors } = clientFor('closing');
    client.conversationStarted('c1');
    client.handoff('c1', { queue: 'billing' });
    client.conversationEnded('c1', { outcome: 'mixed' });
    expect(proxy.requests).toHaveLength(0);
    const stats = await client.close();
    expect(stats).toMatchObject({ tracked: 3, accepted: 3, pending: 0 });
    expect(await storedIds('closing')).toHaveLength(3);

    expect(() => client.resolved('c1')).not.toThrow();
    expect(client.stats().dropped).toBe(1);
    expect(errors.map((e) => e.kind)).toEqual(['dropped']);
  });

  it('gives up when close() runs out of time while botwatch is unreachable, and says how many were not sent', async () => {
    const { client, errors } = clientFor('gives-up', { url: 'http://127.0.0.1:9' });
    for (let i = 0; i < 3; i++) client.lead(`c${i}`);
    const stats = await client.close({ timeoutMs: 200 });
    expect(stats).toMatchObject({ failed: 3, pending: 0 });
    expect(errors.at(-1)).toMatchObject({ kind: 'failed' });
    expect(errors.at(-1)!.message).toMatch(/3 events not sent/);
  });

  it('surfaces a rejected event with its path and the event itself; the rest of the batch is stored', async () => {
    const { client, errors } = clientFor('rejects');
    client.csat('c1', 4);
    client.track({ type: 'csat', conversationId: 'c1', score: 9, id: 'bad-score' });
    client.track({ type: 'step.reached', conversationId: 'c2', flow: 'booking', id: 'no-step' } as unknown as TrackEvent);
    await client.flush();
    expect(errors.map((e) => [e.kind, e.event?.id, e.path])).toEqual([
      ['rejected', 'bad-score', 'score'],
      ['rejected', 'no-step', 'step'],
    ]);
    expect(errors[0]!.message).toBe('botwatch rejected csat bad-score: events[1].score: expected a whole number from 1 to 5');
    expect(client.stats()).toMatchObject({ accepted: 1, rejected: 2 });
    expect(await storedIds('rejects')).toHaveLength(1);
  });

  it('reports a refused key once per batch and never throws into the caller', async () => {
    const { client, errors } = clientFor('bad-key', { apiKey: 'bw_not_a_key' });
    expect(() => client.track(null as unknown as TrackEvent)).not.toThrow();
    client.resolved('c1');
    await client.flush();
    expect(errors.map((e) => e.kind)).toEqual(['invalid', 'failed']);
    expect(errors[1]!.message).toBe('1 events not stored: botwatch answered 401: unknown or revoked API key');
    expect(errors.some((e) => e.message.includes('bw_not_a_key'))).toBe(false);
    expect(client.stats()).toMatchObject({ failed: 1, errors: 2 });
  });

  it('refuses bad options when it is made, naming the option', () => {
    expect(() => new BotwatchClient({ url: 'botwatch.local', apiKey: 'k', botId: 'b' })).toThrow(/url must be an http\(s\) URL/);
    expect(() => new BotwatchClient({ url: 'http://x', apiKey: 'k', botId: 'Support Bot' })).toThrow(/botId must be lowercase/);
    expect(() => new BotwatchClient({ url: 'http://x', apiKey: 'k', botId: 'b', batchSize: 6_000 })).toThrow('BotwatchClient: batchSize must be a whole number from 1 to 5000, got 6000');
  });
});
