import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/replies/reply.ts';
import { cliDatabaseEnv } from '../helpers/cli-database-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testEngine } from '../helpers/test-database.ts';

/**
 * The acceptance example (seed 000): 1,000 conversations, one user each; 750 engaged; 500 reach the final
 * step; 200 of those capture a lead; 50 of the leads convert; 120 of the completed are handed off.
 * All settled (each ends). Built as a JSONL file and run through `botwatch import` and `ask --json`.
 */
function acceptanceEvents(): string {
  const lines: string[] = [];
  const t0 = Date.parse('2026-11-02T08:00:00Z');
  for (let i = 0; i < 1000; i++) {
    const c = { botId: 'seed-bot', conversationId: `c${i}`, userId: `u${i}` };
    let minute = 0;
    const add = (type: string, fields: Record<string, unknown> = {}) =>
      lines.push(JSON.stringify({ id: `c${i}-${lines.length}`, type, timestamp: new Date(t0 + i * 30_000 + minute++ * 1000).toISOString(), ...c, ...fields }));
    add('message.received');
    add('message.sent', { latencyMs: 500 });
    if (i < 750) add('message.received'); // engaged: continued beyond the first message
    if (i < 500) add('step.reached', { flow: 'signup', step: 'done', final: true });
    if (i < 200) add('lead.captured');
    if (i < 50) add('conversion', { value: 99, currency: 'EUR' });
    if (i >= 380 && i < 500) add('handoff');
    add('conversation.ended');
  }
  return `${lines.join('\n')}\n`;
}

describe(`the acceptance example (${testEngine})`, () => {
  let db: Awaited<ReturnType<typeof cliDatabaseEnv>>;
  let dir: string;
  beforeAll(async () => {
    db = await cliDatabaseEnv();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-seed-'));
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads volume 1,000 · engagement 75 % · completion 50 % · lead capture 20 % · conversion 5 % · drop-off 50 % · hand-off 12 %', async () => {
    const file = path.join(dir, 'seed.jsonl');
    fs.writeFileSync(file, acceptanceEvents());
    const imported = await runCli(['import', file], db.env);
    expect(imported.code, imported.stderr).toBe(0);

    const asked = await runCli(['ask', 'summary seed-bot 2026-11-02', '--json', '--now', '2026-11-10T00:00:00Z'], db.env);
    expect(asked.code, asked.stderr).toBe(0);
    const reply = JSON.parse(asked.stdout) as Reply;
    const byMetric = Object.fromEntries(reply.figures.map((f) => [f.metric, f]));
    const expected = {
      conversations: [1000, '1,000'],
      engagement_rate: [0.75, '75 %'],
      completion_rate: [0.5, '50 %'],
      lead_capture_rate: [0.2, '20 %'],
      conversion_rate: [0.05, '5 %'],
      drop_off_rate: [0.5, '50 %'],
      handoff_rate: [0.12, '12 %'],
    } as const;
    for (const [metric, [value, formatted]] of Object.entries(expected)) {
      expect(byMetric[metric]?.value, metric).toBeCloseTo(value, 10);
      expect(byMetric[metric]?.formatted, metric).toBe(formatted);
    }
  });

  it('gives the same figures as CSV with ask --csv (after the import above), and says when there is nothing to export', async () => {
    const asked = await runCli(['ask', 'summary seed-bot 2026-11-02', '--csv', '--now', '2026-11-10T00:00:00Z'], db.env);
    expect(asked.code, asked.stderr).toBe(0);
    const rows = parse<Record<string, string>>(asked.stdout, { columns: true });
    const value = (metric: string) => rows.find((r) => r['Metric id'] === metric);
    expect(value('conversations')).toMatchObject({ Value: '1000', Unit: 'count' });
    expect(value('engagement_rate')).toMatchObject({ Value: '0.75', Numerator: '750', Denominator: '1000', Unit: 'share' });
    expect(value('handoff_rate')).toMatchObject({ Value: '0.12', Numerator: '120', Denominator: '1000' });

    const help = await runCli(['ask', 'help', '--csv'], db.env);
    expect(help.code).toBe(1);
    expect(help.stdout).toBe('');
    expect(help.stderr).toContain('no CSV written');
  });
});
