import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, startChildServer } from '../helpers/child-server.ts';
import { at, event } from '../helpers/events.ts';
import { runCli } from '../helpers/run-cli.ts';

// About the embedded database, so these run on it whichever engine the suite uses.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-beside-'));
const env = { BOTWATCH_DATA_DIR: dir };
const bin = fileURLToPath(new URL('../../bin/botwatch.js', import.meta.url));
let server: Awaited<ReturnType<typeof startChildServer>>;

beforeAll(async () => {
  server = await startChildServer(env, { startTimeoutMs: 110_000 }); // a fresh embedded database on a busy machine
}, 120_000);
afterAll(async () => {
  await killHard(server.child);
  fs.rmSync(dir, { recursive: true, force: true });
});

const askConsole = async (text: string) => {
  const res = await fetch(`${server.url}/console/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  return { status: res.status, body: (await res.json()) as { entries: { reply?: { title: string } }[] } };
};

/**
 * The samples of /metrics as a Prometheus text parser reads them: `name{label="value"}` → value,
 * leaving out the `import` label (a random id).
 */
const scrapeImport = async () => {
  const res = await fetch(`${server.url}/metrics`);
  expect(res.status).toBe(200);
  const samples = new Map<string, number>();
  for (const family of parsePrometheusTextFormat(await res.text())) {
    if (!family.name.startsWith('botwatch_import_')) continue;
    for (const m of family.metrics) {
      const labels = Object.entries(m.labels ?? {}).filter(([k]) => k !== 'import').map(([k, v]) => `${k}="${v}"`).join(',');
      samples.set(labels === '' ? family.name : `${family.name}{${labels}}`, Number(m.value));
    }
  }
  return samples;
};

describe('the command line while botwatch serve holds the embedded database', { timeout: 600_000 }, () => {
  it('creates a key the running server accepts at once', async () => {
    const created = await runCli(['keys', 'create', 'website-bot'], env);
    expect(created.stderr).toContain('key "website-bot" created');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    const batch = [
      event('conversation.started', { botId: 'website-bot', conversationId: 'w1', timestamp: at(new Date().toISOString(), -30) }),
      event('message.received', { botId: 'website-bot', conversationId: 'w1', timestamp: at(new Date().toISOString(), -29) }),
    ];
    const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 2, duplicate: 0, rejected: 0 });
    expect((await runCli(['keys', 'list'], env)).stdout).toMatch(/^website-bot\t\S+…\tactive\t.*\tlast used /m);
  });

  it('answers `ask` and `bots` from the server\'s data', async () => {
    const asked = await runCli(['ask', 'bots', '--json'], env);
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('website-bot');
    const bots = await runCli(['bots', 'list'], env);
    expect(bots.stdout).toMatch(/^website-bot\t/m);
    expect((await runCli(['migrate'], env)).stdout).toMatch(/^schema is current \(version \d+\)\n$/);
  });

  it('imports 100k events while the console answers a question every 100 ms, and the socket takes commands afterwards', async () => {
    const file = path.join(dir, 'events.jsonl');
    const generated = await runCli(['gen', '--conversations', '8000', '--days', '7', '--out', file], env);
    expect(generated.code).toBe(0);
    const events = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    expect(events).toBeGreaterThanOrEqual(100_000);

    let output = '';
    const started = performance.now();
    const importing = new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [bin, 'import', file], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('close', resolve);
    });
    let done = false;
    void importing.then(() => (done = true));
    const answers: { ms: number; status: number; title: string | undefined }[] = [];
    const seenDuring: number[] = [];
    while (!done) {
      if (answers.length % 10 === 5) {
        const during = await scrapeImport();
        if (during.get('botwatch_import_running') === 1) seenDuring.push(during.get('botwatch_import_events{source="events.jsonl",outcome="accepted"}') ?? -1);
      }
      const next = new Promise((r) => setTimeout(r, 100));
      const asked = performance.now();
      const { status, body } = await askConsole('summary 7d');
      answers.push({ ms: performance.now() - asked, status, title: body.entries[1]?.reply?.title });
      await next;
    }
    expect(await importing).toBe(0);
    expect(output).toContain(`${events.toLocaleString('en-US')} accepted, 0 duplicate, 0 rejected`);
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((a) => a.status !== 200 || a.title === undefined)).toEqual([]);
    const slowest = Math.max(...answers.map((a) => a.ms));
    // A figure to report, not a pass mark (speed targets live in bench:import-while-serving).
    console.log(`imported ${events} events through the running server in ${((performance.now() - started) / 1000).toFixed(1)} s; slowest of ${answers.length} console answers: ${Math.round(slowest)} ms (load ${os.loadavg()[0]?.toFixed(1)})`);
    // The import's progress, on the server's /metrics while it ran and once it was done.
    expect(seenDuring.some((accepted) => accepted > 0 && accepted < events)).toBe(true);
    expect(seenDuring).toEqual([...seenDuring].sort((a, b) => a - b));
    const after = await scrapeImport();
    expect(after.get('botwatch_import_running')).toBe(0);
    // Labelled with the file's base name, not its path.
    expect(after.get('botwatch_import_events{source="events.jsonl",outcome="accepted"}')).toBe(events);
    expect(after.get('botwatch_import_events{source="events.jsonl",outcome="rejected"}')).toBe(0);
    expect(after.get('botwatch_import_bytes{source="events.jsonl",of="read"}')).toBe(fs.statSync(file).size);
    expect(after.get('botwatch_import_bytes{source="events.jsonl",of="total"}')).toBe(fs.statSync(file).size);
    const summary = await runCli(['ask', 'summary 7d', '--json'], env);
    expect(summary.stderr).toBe('');
    expect(summary.code).toBe(0);
  });
});
