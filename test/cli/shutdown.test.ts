import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabaseEnv } from '../helpers/cli-database-env.ts';
import { killHard, startChildServer } from '../helpers/child-server.ts';
import { testEngine } from '../helpers/test-database.ts';

/**
 * A console question whose body has not finished arriving: an answer in flight for as long as the
 * test wants. `finish()` sends the rest; `response` is what the server answered, if anything.
 */
async function questionInFlight(url: string): Promise<{ finish(): void; response: Promise<string> }> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ text: 'help' });
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  await new Promise<void>((resolve) => socket.write(`POST /console/ask HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`, () => resolve()));
  // A request sent after it has been answered: by then the server is reading this one's body.
  expect((await fetch(`${url}/console/status`)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 300));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const response = new Promise<string>((resolve) => socket.on('close', () => resolve(received)).on('error', () => undefined));
  return { finish: () => socket.write(body.slice(5)), response };
}

function exited(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, ms: performance.now() - started })));
}

async function waitForOutput(output: () => string, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 200 && !pattern.test(output()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(output()).toMatch(pattern);
}

/** The first start creates the embedded database: slow on a busy machine. */
const slowStart = { startTimeoutMs: 150_000 };

describe(`botwatch serve shutting down (${testEngine})`, () => {
  let database: Awaited<ReturnType<typeof cliDatabaseEnv>>;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    database = await cliDatabaseEnv();
  });
  afterAll(async () => {
    if (child) await killHard(child);
    await database?.close();
  });

  // The three run one after another on the same database (each reopens it quickly).
  it('finishes an answer in flight, refuses new requests meanwhile, then exits 0', async () => {
    const server = await startChildServer({ ...database.env, BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS: '30' }, slowStart);
    child = server.child;
    const question = await questionInFlight(server.url);
    const gone = exited(server.child);
    server.child.kill('SIGTERM');
    await waitForOutput(server.output, /shutting down \(SIGTERM\)/);
    const refused = await fetch(`${server.url}/healthz`).then((r) => r.status, () => 'no connection');
    expect([503, 'no connection']).toContain(refused);
    question.finish();
    expect(await question.response).toMatch(/^HTTP\/1\.1 200 OK/);
    expect((await gone).code).toBe(0);
    expect(server.output()).toContain('"msg":"botwatch stopped"');
  }, 180_000);

  it('exits after BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS with what it abandoned, when an answer never finishes', async () => {
    const server = await startChildServer({ ...database.env, BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS: '2' }, slowStart);
    child = server.child;
    const question = await questionInFlight(server.url);
    const gone = exited(server.child);
    server.child.kill('SIGTERM');
    const { code, ms } = await gone;
    expect(code).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(1_900);
    expect(ms).toBeLessThan(15_000);
    const line = server.output().split('\n').find((l) => l.includes('exiting anyway'));
    expect(JSON.parse(line!)).toMatchObject({ level: 'error', abandonedRequests: [expect.stringMatching(/^POST \/console\/ask \(request [0-9a-f]{12}, \d+ ms\)$/)] });
    expect(await question.response).toBe('');
  }, 180_000);

  it('exits at once on a second signal, naming what it abandoned', async () => {
    const server = await startChildServer({ ...database.env, BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS: '600' }, slowStart);
    child = server.child;
    await questionInFlight(server.url);
    const gone = exited(server.child);
    server.child.kill('SIGTERM');
    await waitForOutput(server.output, /shutting down \(SIGTERM\)/);
    server.child.kill('SIGINT');
    const { code, ms } = await gone;
    expect(code).toBe(130);
    expect(ms).toBeLessThan(15_000);
    const line = server.output().split('\n').find((l) => l.includes('SIGINT again: exiting now'));
    expect(JSON.parse(line!)).toMatchObject({ level: 'warn', abandonedRequests: [expect.stringMatching(/^POST \/console\/ask/)] });
  }, 180_000);
});
