import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleAccess, isLoopbackHost } from '../../src/console/console-access.ts';
import { loadConfig } from '../../src/config.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { startTestServer } from '../helpers/test-server.ts';
import type { TestServer } from '../helpers/test-server.ts';

const token = 'a-console-token-0123456789';

/** A raw request, so the test controls every header (fetch would not let it set Host). */
function request(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `localhost:${port}`, ...options.headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('who may use the console', () => {
  it('decides from the listening address, the token and BOTWATCH_CONSOLE', () => {
    expect(consoleAccess(loadConfig({}))).toEqual({ mode: 'loopback' });
    expect(consoleAccess(loadConfig({ HOST: '0.0.0.0' })).mode).toBe('off');
    expect(consoleAccess(loadConfig({ SLACK_SIGNING_SECRET: 's' })).mode).toBe('off'); // a platform listens on 0.0.0.0
    expect(consoleAccess(loadConfig({ HOST: '0.0.0.0', BOTWATCH_CONSOLE_TOKEN: token }))).toEqual({ mode: 'token', token });
    expect(consoleAccess(loadConfig({ BOTWATCH_CONSOLE: 'off' })).mode).toBe('off');
  });

  it('refuses a short token without printing it, and names bad values of the switches', () => {
    expect(() => loadConfig({ BOTWATCH_CONSOLE_TOKEN: 'hunter2' })).toThrow(
      'BOTWATCH_CONSOLE_TOKEN: expected at least 16 characters without spaces (e.g. the output of openssl rand -hex 16), got a value that is not shown here',
    );
    expect(() => loadConfig({ BOTWATCH_CONSOLE: 'yes' })).toThrow('BOTWATCH_CONSOLE: expected auto or off, got "yes"');
    expect(() => loadConfig({ BOTWATCH_DEMO: 'on' })).toThrow('BOTWATCH_DEMO: expected auto or off, got "on"');
    expect(loadConfig({}).demo).toBe('auto');
  });

  it('knows loopback addresses and names', () => {
    for (const host of ['127.0.0.1', '127.3.2.1', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'app.localhost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', 'localhost.example.com', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe(`the console's HTTP guard (${testEngine})`, () => {
  let t: TestDatabase;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await t?.close();
  });
  const start = async (env: Record<string, string> = {}) => {
    const server = await startTestServer(t.db, env);
    servers.push(server);
    return server.app.server.port;
  };

  it('is off when botwatch listens beyond this machine without a token, and says why', async () => {
    const port = await start({ HOST: '0.0.0.0' });
    for (const path of ['/', '/console/status', '/console/events']) {
      const res = await request(port, path);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toEqual({ error: expect.stringContaining('botwatch listens on 0.0.0.0, beyond this machine') });
    }
    expect((await request(port, '/console/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"bots"}' })).status).toBe(403);
    expect((await request(port, '/healthz')).status).toBe(200);
  });

  it('with a token, wants it on every request: bearer header, cookie, or ?token= once', async () => {
    const port = await start({ HOST: '0.0.0.0', BOTWATCH_CONSOLE_TOKEN: token });
    const refused = await request(port, '/console/status');
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('/?token=<token>');
    expect((await request(port, '/console/status', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await request(port, '/console/status', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const login = await request(port, `/?token=${token}`);
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/');
    const cookie = String(login.headers['set-cookie']?.[0]);
    expect(cookie).toMatch(/^botwatch_console=.+; Path=\/; HttpOnly; SameSite=Strict$/);
    const page = await request(port, '/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await request(port, '/console/app.js', { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
    // Reached through any host name: the token, not the address, is what counts here.
    expect((await request(port, '/console/status', { headers: { host: 'botwatch.example.com', authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('on loopback, refuses requests addressed to another host name (DNS rebinding) or passed on by a proxy', async () => {
    const port = await start();
    expect((await request(port, '/console/status')).status).toBe(200);
    expect((await request(port, '/console/status', { headers: { host: `127.0.0.1:${port}` } })).status).toBe(200);
    const rebound = await request(port, '/console/status', { headers: { host: `attacker.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('addressed to this machine');
    expect((await request(port, '/console/status', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
  });

  it('refuses posts that a page on another site could make', async () => {
    const port = await start();
    const ask = (headers: Record<string, string>) => request(port, '/console/ask', { method: 'POST', headers, body: '{"text":"bots"}' });
    expect((await ask({ 'content-type': 'text/plain' })).status).toBe(415);
    expect((await ask({ 'content-type': 'application/json', origin: 'https://attacker.example' })).status).toBe(403);
    expect((await ask({ 'content-type': 'application/json', origin: 'null' })).status).toBe(403);
    expect((await ask({ 'content-type': 'application/json', origin: `http://localhost:${port}` })).status).toBe(200);
  });
});
