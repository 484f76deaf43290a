import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event } from '../helpers/events.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { startTestServer } from '../helpers/test-server.ts';
import type { TestServer } from '../helpers/test-server.ts';

type Family = ReturnType<typeof parsePrometheusTextFormat>[number];

/** The families as a Prometheus text parser reads them, and each sample line's value by its series. */
async function scrape(url: string, headers: Record<string, string> = {}): Promise<Family[] & { series: Map<string, number> }> {
  const response = await fetch(`${url}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const families = parsePrometheusTextFormat(text);
  // The parser drops the labels of histogram series; their _count lines are read directly.
  const series = new Map(text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))] as const));
  return Object.assign(families, { series });
}

function value(families: Family[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return Number(sample?.value ?? sample?.count ?? 0);
}

describe(`GET /metrics (${testEngine})`, () => {
  let t: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    t = await openTestDatabase();
    server = await startTestServer(t.db, { HOST: '127.0.0.1' }, { modules: [] });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  it('parses as Prometheus text and counts an ingest: events by outcome and the request’s latency', async () => {
    const before = await scrape(server.url);
    expect(before.map((f) => f.name)).toEqual(expect.arrayContaining(['botwatch_ingest_events_total', 'botwatch_ingest_duration_seconds', 'botwatch_command_duration_seconds', 'botwatch_chat_api_calls_total', 'botwatch_digest_runs_total', 'botwatch_alert_evaluations_total', 'botwatch_process_cpu_seconds_total']));
    const c = { botId: 'metrics-bot', conversationId: `m-${Date.now()}`, userId: 'u1', channel: 'web' };
    const first = event('message.received', c);
    const sent = await server.postEvents([first, event('message.sent', { ...c, latencyMs: 300 }), { type: 'nonsense' }]);
    expect(sent.body).toMatchObject({ accepted: 2, rejected: 1 });
    expect((await server.postEvents([first])).body).toMatchObject({ duplicate: 1 });
    await server.postEvents([event('message.received', c)], { key: 'bw_not_a_key' });

    const after = await scrape(server.url);
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
    expect(delta('botwatch_ingest_events_total', { outcome: 'accepted' })).toBe(2);
    expect(delta('botwatch_ingest_events_total', { outcome: 'duplicate' })).toBe(1);
    expect(delta('botwatch_ingest_events_total', { outcome: 'rejected' })).toBe(1);
    expect(delta('botwatch_ingest_events_rejected_total', { reason: 'invalid' })).toBe(1);
    expect(delta('botwatch_ingest_requests_refused_total', { reason: 'unknown_key' })).toBe(1);
    expect(after.find((f) => f.name === 'botwatch_ingest_duration_seconds')?.type).toBe('HISTOGRAM');
    const answered = (families: typeof after, status: string) => families.series.get(`botwatch_ingest_duration_seconds_count{status="${status}"}`) ?? 0;
    expect(answered(after, '200') - answered(before, '200')).toBe(2); // the duplicate's request too
    expect(answered(after, '401') - answered(before, '401')).toBe(1);
  });

  it('times commands by platform and command', async () => {
    const before = await scrape(server.url);
    await server.app.services.answer('bots');
    const after = await scrape(server.url);
    const count = (families: typeof after) => families.series.get('botwatch_command_duration_seconds_count{platform="cli",command="bots",outcome="ok"}') ?? 0;
    expect(count(after) - count(before)).toBe(1);
  });

  it('answers only this machine on loopback, and nobody else', async () => {
    const proxied = await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
    expect(await proxied.text()).toContain('/metrics');
  });
});

describe(`GET /metrics with BOTWATCH_CONSOLE_TOKEN (${testEngine})`, () => {
  let t: TestDatabase;
  let server: TestServer;
  const token = 'metrics-test-token-0123456789';
  beforeAll(async () => {
    t = await openTestDatabase();
    server = await startTestServer(t.db, { HOST: '127.0.0.1', BOTWATCH_CONSOLE_TOKEN: token, BOTWATCH_CONSOLE: 'off' }, { modules: [] });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  it('needs the token as a bearer token (also with the console turned off)', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect(value(await scrape(server.url, { authorization: `Bearer ${token}` }), 'botwatch_ingest_events_total')).toBe(0);
  });

  it('keeps /readyz terse for anyone', async () => {
    const response = await fetch(`${server.url}/readyz`);
    expect(Object.keys((await response.json()) as object).sort()).toEqual(['engine', 'schema', 'status']);
  });
});
