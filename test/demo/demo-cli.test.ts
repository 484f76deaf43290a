import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { killHard, startChildServer } from '../helpers/child-server.ts';
import { runCli } from '../helpers/run-cli.ts';

// Demo data lives only in the embedded database, so these run on it whichever engine the suite uses.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-demo-'));
const env = { BOTWATCH_DATA_DIR: dir };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const loadedLine = /^demo data: 1 day of generated traffic for support-bot, leadgen-bot, bookings-bot up to \S+ \(seed 1, 300 conversations a day\): ([\d,]+) conversations, ([\d,]+) events, live events added while botwatch serve runs; loaded in [\d.]+ s$/m;

// Each step is a real `botwatch` process opening the embedded database: slow on a busy machine.
describe('botwatch demo', { timeout: 120_000 }, () => {
  it('says there is none, loads a fresh day with --reset, and recreates it on the next --reset without touching other bots', async () => {
    expect((await runCli(['demo'], env)).stdout).toBe('no demo data in this database (botwatch demo --reset loads it)\n');

    const first = await runCli(['demo', '--reset', '--days', '1', '--per-day', '300'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(loadedLine);
    const imported = await runCli(['import', '-', '--format', 'jsonl'], env, '{"id":"x1","type":"conversation.started","timestamp":"2026-11-20T10:00:00Z","botId":"my-bot","conversationId":"c1"}\n');
    expect(imported.code).toBe(0);

    const second = await runCli(['demo', '--reset', '--days', '1', '--per-day', '300'], env);
    expect(second.code).toBe(0);
    const previousEvents = loadedLine.exec(first.stdout)?.[2];
    expect(second.stdout).toMatch(/^removed the previous demo data \(([\d,]+) events\)\n/);
    expect(second.stdout.split('\n')[0]).toBe(`removed the previous demo data (${previousEvents} events)`);
    expect(second.stdout).toMatch(loadedLine);
    const bots = await runCli(['bots', 'list'], env);
    expect(bots.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['bookings-bot', 'leadgen-bot', 'my-bot', 'support-bot']);
  });

  it('serves the demo data it finds, labelled, with the console showing it; no reset while it runs', async () => {
    const { child, url, output } = await startChildServer({ ...env, BOTWATCH_DEMO: 'auto' });
    try {
      const status = (await (await fetch(`${url}/console/status`)).json()) as { demo: { status: string; days: number } | null };
      expect(status.demo).toMatchObject({ status: 'ready', days: 1 });
      // Modules start once the server listens: the line may come a moment after.
      await vi.waitFor(() => expect(output()).toContain('this database holds generated demo data for support-bot, leadgen-bot, bookings-bot'));
      // The command line reaches the server's database; only the server changes its demo data.
      expect((await runCli(['demo'], env)).stdout).toMatch(/^demo data: 1 day of generated traffic for support-bot, leadgen-bot, bookings-bot .* live events added while botwatch serve runs\n$/);
      const meanwhile = await runCli(['demo', '--reset', '--days', '1'], env);
      expect(meanwhile.code).toBe(1);
      expect(meanwhile.stderr).toBe('botwatch: botwatch serve is running on this embedded database and feeds its demo data: stop it before botwatch demo --reset or --remove; nothing was changed\n');
    } finally {
      await killHard(child);
    }
  });

  it('removes it for good with --remove', async () => {
    const removed = await runCli(['demo', '--remove'], env);
    expect(removed.stdout).toMatch(/^demo data removed: [\d,]+ events of support-bot, leadgen-bot, bookings-bot; botwatch serve will not load it again/);
    expect((await runCli(['demo'], env)).stdout).toBe('demo data was removed from this database (botwatch demo --reset loads it again)\n');
    expect((await runCli(['bots', 'list'], env)).stdout).toMatch(/^my-bot\t/);
  });

  it('refuses to write generated data into a real database', async () => {
    const result = await runCli(['demo', '--reset'], { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('botwatch: demo data goes only into the embedded database, and DATABASE_URL is set: nothing was changed (unset DATABASE_URL to use the embedded one)\n');
  });

  it('names a bad option', async () => {
    const result = await runCli(['demo', '--reset', '--days', 'lots'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('botwatch: --days: expected a whole number from 1 to 366, got "lots"\n');
  });
});
