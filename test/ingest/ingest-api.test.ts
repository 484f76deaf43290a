import { describe, expect, it } from 'vitest';
import { revokeApiKey, createApiKey } from '../../src/keys/api-keys.ts';
import { at, event } from '../helpers/events.ts';
import { testEngine } from '../helpers/test-database.ts';
import { testDatabaseAndServer } from '../helpers/test-server.ts';

const its = testDatabaseAndServer();

const countEvents = async (botId: string) => (await its.t.db.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE bot_id = $1', [botId]))[0]?.n;

describe(`POST /v1/events (${testEngine})`, () => {
  it('counts a batch sent three times once', async () => {
    const batch = [0, 1, 2, 3].map((i) => event('message.received', { botId: 'thrice', conversationId: `c${i % 2}`, timestamp: at('2026-11-10T10:00:00Z', i) }));
    const first = await its.server.postEvents(batch);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 4, duplicate: 0, rejected: 0 });
    for (let i = 0; i < 2; i++) {
      const again = await its.server.postEvents(batch);
      expect(again.body).toMatchObject({ accepted: 0, duplicate: 4, rejected: 0 });
    }
    expect(await countEvents('thrice')).toBe(4);
    const facts = await its.t.db.query<{ inbound_count: number }>(`SELECT inbound_count FROM conversation_facts WHERE bot_id = 'thrice' ORDER BY conversation_id`);
    expect(facts.map((f) => f.inbound_count)).toEqual([2, 2]);
  });

  it('treats a re-sent id with a different timestamp as a duplicate', async () => {
    const e = event('message.received', { botId: 'reid' });
    await its.server.postEvents([e]);
    const again = await its.server.postEvents([{ ...e, timestamp: at(String(e.timestamp), 5) }]);
    expect(again.body).toMatchObject({ accepted: 0, duplicate: 1 });
    expect(await countEvents('reid')).toBe(1);
  });

  it('keeps the valid events of a mixed batch and reports the invalid ones with index and path', async () => {
    const batch = [
      event('message.received', { botId: 'mixed' }),
      event('message.received', { botId: 'mixed', timestamp: 'yesterday' }),
      event('csat', { botId: 'mixed', score: 7 }),
      event('nonsense', { botId: 'mixed' }),
      event('step.reached', { botId: 'mixed', flow: 'f' }),
      event('message.sent', { botId: 'mixed', latencyMs: 120, expectsReply: true, futureField: { kept: true } }),
      { ...event('message.received'), botId: 'Not A Slug' },
      'not an object',
    ];
    const res = await its.server.postEvents(batch);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicate: 0, rejected: 6 });
    expect((res.body.errors as { error: string }[]).map((e) => e.error)).toEqual([
      'events[1].timestamp: expected ISO-8601 date-time with offset or Z',
      'events[2].score: expected a whole number from 1 to 5',
      expect.stringMatching(/^events\[3\]\.type: unknown event type "nonsense"; expected one of conversation\.started, /),
      'events[4].step: required: expected a string of 1–256 characters',
      expect.stringMatching(/^events\[6\]\.botId: expected a bot id/),
      'events[7]: expected an event object',
    ]);
    expect(await countEvents('mixed')).toBe(2);
    const extra = await its.t.db.query<{ attrs: unknown }>(`SELECT attrs FROM events WHERE bot_id = 'mixed' AND type = 'message.sent'`);
    expect(extra[0]?.attrs).toEqual({ futureField: { kept: true } });
  });

  it('answers 400 when no event in the batch is valid', async () => {
    const res = await its.server.postEvents([event('csat', { botId: 'allbad' })]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ accepted: 0, rejected: 1 });
  });

  it('accepts NDJSON and the {"events": [...]} wrapper', async () => {
    const lines = [event('message.received', { botId: 'ndjson' }), event('message.sent', { botId: 'ndjson' })].map((e) => JSON.stringify(e)).join('\n');
    const res = await its.server.postEvents(undefined, { contentType: 'application/x-ndjson', raw: `${lines}\n{broken\n` });
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1 });
    expect((res.body.errors as { error: string }[])[0]?.error).toMatch(/^events\[2\]: line is not valid JSON/);
    const wrapped = await its.server.postEvents({ events: [event('message.received', { botId: 'ndjson' })] });
    expect(wrapped.body).toMatchObject({ accepted: 1 });
  });

  it('does not store message text unless the deployment opts in', async () => {
    await its.server.postEvents([event('message.received', { botId: 'private', text: 'my card number is …' })]);
    const rows = await its.t.db.query<{ attrs: unknown }>(`SELECT attrs FROM events WHERE bot_id = 'private'`);
    expect(rows[0]?.attrs).toBeNull();
  });

  it('refuses a wrong, missing or revoked key with 401 and stores nothing', async () => {
    const batch = [event('message.received', { botId: 'unauth' })];
    expect((await its.server.postEvents(batch, { key: 'bw_wrong' })).status).toBe(401);
    expect((await its.server.postEvents(batch, { key: null })).status).toBe(401);
    const { key } = await createApiKey(its.t.db, 'soon-revoked');
    expect((await its.server.postEvents([event('message.received', { botId: 'revoked' })], { key })).status).toBe(200);
    await revokeApiKey(its.t.db, 'soon-revoked');
    const res = await its.server.postEvents(batch, { key });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unknown or revoked API key');
    expect(await countEvents('unauth')).toBe(0);
  });

  it('refuses an oversized body with 413 and more than 5,000 events with 413', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 0x20);
    const tooBig = await its.server.postEvents(undefined, { raw: big });
    expect(tooBig.status).toBe(413);
    const many = Array.from({ length: 5001 }, (_, i) => event('message.received', { botId: 'many', conversationId: `c${i}` }));
    const tooMany = await its.server.postEvents(many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error).toMatch(/at most 5,000 events/);
    expect(await countEvents('many')).toBe(0);
  });

  it('refuses other content types with 415 and broken JSON with 400', async () => {
    expect((await its.server.postEvents(undefined, { contentType: 'text/plain', raw: '[]' })).status).toBe(415);
    const broken = await its.server.postEvents(undefined, { raw: '[{"id":' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/not valid JSON/);
  });

  it('answers 429 with Retry-After when a key exceeds its rate', async () => {
    const { key } = await createApiKey(its.t.db, 'slow', { ratePerSecond: 1 });
    // The bucket holds one maximum batch (5,000 events); the next batch must wait.
    const batch = Array.from({ length: 5000 }, (_, i) => event('message.received', { botId: 'ratelimited', conversationId: `c${i % 50}` }));
    expect((await its.server.postEvents(batch, { key })).status).toBe(200);
    // 500 more events need 500 s of refill at 1 event/s: refused however slowly the first batch ran.
    const limited = await its.server.postEvents(Array.from({ length: 500 }, (_, i) => event('message.received', { botId: 'ratelimited', conversationId: `d${i}` })), { key });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${its.server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${its.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', engine: testEngine });
  });
});
