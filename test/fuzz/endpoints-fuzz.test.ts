import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '../../src/events/contract.ts';
import { fuzzRuns, fuzzSeed, fuzzTimeout } from '../helpers/fuzz-runs.ts';
import { slackSignature, testSigningSecret } from '../helpers/slack-requests.ts';
import { SlackStandIn } from '../helpers/slack-stand-in.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { startTestServer } from '../helpers/test-server.ts';
import type { TestServer } from '../helpers/test-server.ts';

const runs = fuzzRuns(60);

let t: TestDatabase;
let standIn: SlackStandIn;
let server: TestServer;
beforeAll(async () => {
  t = await openTestDatabase();
  standIn = await SlackStandIn.start();
  // Every module that takes input over HTTP: ingest, Slack (signed requests), Teams (local, no app id), the console.
  server = await startTestServer(t.db, { HOST: '127.0.0.1', SLACK_SIGNING_SECRET: testSigningSecret, SLACK_BOT_TOKEN: standIn.botToken, SLACK_API_URL: standIn.apiUrl });
});
afterAll(async () => {
  await server?.stop();
  await standIn?.stop();
  await t?.close();
});

/** JSON text nested `depth` levels (arrays and objects mixed), built as text: a value that deep cannot be stringified. */
const deepJson = fc.tuple(fc.integer({ min: 1, max: 60_000 }), fc.boolean()).map(([depth, objects]) => (objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`));
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udc00x', '😀', '\u202e', ''),
  fc.integer({ min: 1, max: 300_000 }).map((n) => 'x'.repeat(n)),
);
/** Events that are almost right, with one hostile field. */
const hostileEvent = fc.record({
  id: fc.oneof(fc.string({ maxLength: 20 }), hostileString),
  type: fc.oneof(fc.constantFrom(...eventTypes), hostileString),
  timestamp: fc.oneof(fc.date({ min: new Date('1999-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), hostileString),
  botId: fc.constantFrom('fuzz-bot', 'Fuzz Bot', ''),
  conversationId: fc.oneof(fc.constant('c1'), hostileString),
  extra: fc.oneof(fc.jsonValue(), hostileString),
});
/** Request bodies as bytes on the wire: anything from valid-looking to nonsense. */
const body = fc.oneof(
  fc.array(hostileEvent, { maxLength: 8 }).map((events) => JSON.stringify(events)),
  fc.tuple(hostileEvent, deepJson).map(([e, deep]) => `[${JSON.stringify(e).slice(0, -1)},"nested":${deep}}]`),
  deepJson,
  fc.jsonValue().map((v) => JSON.stringify(v)),
  hostileString.map((s) => JSON.stringify({ text: s, type: 'message', events: [s] })),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.constantFrom('', '{', '[', '{"events":', '\ufeff[]', 'null', '[null]', '{"events":{}}', 'payload=%7B', 'payload=%5B%5B%5B'),
);
const contentType = fc.constantFrom('application/json', 'application/x-ndjson', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-16', '', 'multipart/form-data; boundary=x');
const endpoint = fc.constantFrom('/v1/events', '/v1/events?unkeyed', '/api/messages', '/slack/events', '/slack/events?unsigned', '/console/ask', '/console/action', '/readyz', '/charts/x.png', '/nowhere');

const countEvents = async () => (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM events'))[0]?.n ?? 0;

async function send(path: string, raw: string | Buffer, type: string, extraHeaders: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const [route, flag] = path.split('?');
  const headers: Record<string, string> = { ...extraHeaders };
  if (type !== '') headers['content-type'] = type;
  if (route === '/v1/events' && flag !== 'unkeyed') headers.authorization = `Bearer ${server.key}`;
  if (route === '/slack/events' && flag !== 'unsigned') {
    const timestamp = Math.floor(Date.now() / 1000);
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = slackSignature(testSigningSecret, timestamp, Buffer.isBuffer(raw) ? raw.toString('latin1') : raw);
  }
  const method = route === '/readyz' || route === '/charts/x.png' ? 'GET' : 'POST';
  const response = await fetch(`${server.url}${route}`, { method, headers, ...(method === 'POST' ? { body: raw } : {}) });
  return { status: response.status, text: await response.text() };
}

describe(`every endpoint under malformed and hostile input (${testEngine})`, () => {
  it('never answers 500, and stores all or nothing of what it says it accepted', async () => {
    await fc.assert(
      fc.asyncProperty(endpoint, body, contentType, async (path, raw, type) => {
        const before = await countEvents();
        const res = await send(path, raw, type);
        expect(res.status, `${path} ${type}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
        const stored = (await countEvents()) - before;
        const accepted = path === '/v1/events' && res.status === 200 ? (JSON.parse(res.text) as { accepted: number }).accepted : 0;
        expect(stored, `${path}: stored ${stored}, acknowledged ${accepted}`).toBe(accepted);
      }),
      { numRuns: runs, seed: fuzzSeed },
    );
  }, fuzzTimeout(runs, 1_000));

  it('refuses oversized bodies and headers and 50,000-level nesting on every endpoint with a 4xx', async () => {
    const huge = `[${JSON.stringify({ pad: 'x'.repeat(6 * 1024 * 1024) })}]`;
    const deep = `[${'['.repeat(50_000)}${']'.repeat(50_000)}]`;
    const before = await countEvents();
    for (const path of ['/v1/events', '/api/messages', '/slack/events', '/console/ask']) {
      for (const [what, raw] of [['6 MB body', huge], ['50,000 levels', deep]] as const) {
        const res = await send(path, raw, 'application/json');
        expect(res.status, `${path}, ${what}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path}, ${what}`).toBeLessThan(500);
      }
      const res = await send(path, '[]', 'application/json', { 'x-padding': 'y'.repeat(64 * 1024) });
      expect(res.status, `${path}, 64 KB header`).toBe(431);
    }
    expect(await countEvents()).toBe(before);
  }, 120_000);
});
