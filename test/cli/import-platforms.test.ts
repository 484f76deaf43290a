import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabaseEnv } from '../helpers/cli-database-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testEngine } from '../helpers/test-database.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

let db: Awaited<ReturnType<typeof cliDatabaseEnv>>;
let dir: string;
beforeAll(async () => {
  const opened = await cliDatabaseEnv();
  // The real exports date from 2016–2019, before the default retention window: keep everything.
  db = { ...opened, env: { ...opened.env, BOTWATCH_RETENTION_DAYS: '0' } };
  // A folder as teams keep them: transcripts in subfolders (as the file transcript logger writes),
  // exports beside them, and a note that is not an export at all.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-import-dir-'));
  fs.mkdirSync(path.join(dir, 'emulator'));
  fs.copyFileSync(fixture('real/botframework/addItemWithButton.transcript'), path.join(dir, 'emulator', 'addItemWithButton.transcript'));
  fs.copyFileSync(fixture('copilot-studio/transcripts.csv'), path.join(dir, 'transcripts.csv'));
  fs.copyFileSync(fixture('rasa/export.jsonl'), path.join(dir, 'rasa-export.jsonl'));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'exported on Monday\n');
  fs.writeFileSync(path.join(dir, '.DS_Store'), 'ignored');
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`botwatch import of bot-platform logs (${testEngine})`, () => {
  it('imports every file of a folder in the format it recognises, says which it left out, and sums up what it skipped', async () => {
    const result = await runCli(['import', dir, '--bot', 'folder-bot'], db.env);
    expect(result.stderr).toBe('notes.txt: not imported (could not recognise the format; say which with --format jsonl|csv|botframework|copilot-studio|rasa)\n');
    const lines = result.stdout.trim().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      expect.stringMatching(/^emulator\/addItemWithButton\.transcript \(botframework\): 13 records read: 8 accepted, 0 duplicate, 0 rejected, 5 skipped in /),
      expect.stringMatching(/^rasa-export\.jsonl \(rasa\): 62 records read: 34 accepted, 0 duplicate, 0 rejected, 28 skipped in /),
      expect.stringMatching(/^transcripts\.csv \(copilot-studio\): 30 records read: 24 accepted, 0 duplicate, 0 rejected, 6 skipped in /),
      expect.stringMatching(/^3 files: 105 records read: 66 accepted, 0 duplicate, 0 rejected, 39 skipped in [\d.]+ s \([\d,]+ records\/s\); 1 file not imported$/),
    ]);
    expect(lines).toContain('skipped 11: action "action_listen" (not a metric)');
    expect(lines).toContain('skipped 3: trace activity "BotState" (not a metric)');
    expect(result.code).toBe(2); // a file was left out

    const again = await runCli(['import', dir, '--bot', 'folder-bot'], db.env);
    expect(again.stdout).toMatch(/^3 files: 105 records read: 0 accepted, 66 duplicate, 0 rejected, 39 skipped in /m);
  });

  it('with --format, imports only the files that look like it', async () => {
    const result = await runCli(['import', dir, '--format', 'rasa', '--bot', 'rasa-only'], db.env);
    expect(result.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'emulator/addItemWithButton.transcript: not imported (does not look like rasa)',
      'notes.txt: not imported (does not look like rasa)',
      'transcripts.csv: not imported (does not look like rasa)',
    ].sort());
    expect(result.stdout).toMatch(/^1 file: 62 records read: 34 accepted/m);
  });

  it('reads a transcript from stdin, names the bot after its account, and asks for --bot where a format cannot', async () => {
    const transcript = fs.readFileSync(fixture('botframework/out-of-order.transcript'), 'utf8');
    const piped = await runCli(['import', '-', '--format', 'botframework'], db.env, transcript);
    expect(piped.stdout).toMatch(/^5 records read: 5 accepted, 0 duplicate, 0 rejected in /);
    expect(piped.code).toBe(0);
    const rasa = await runCli(['import', fixture('real/rasa/tracker_moodbot.json')], db.env);
    expect([rasa.code, rasa.stderr]).toEqual([1, 'botwatch: rasa files do not name the bot; say which with --bot <id>\n']);
  });

  it('stops a --strict import at a truncated transcript, keeping what came before', async () => {
    const text = fs.readFileSync(fixture('real/botframework/sandwich.transcript'), 'utf8');
    const file = path.join(dir, '..', `${path.basename(dir)}-cut.transcript`);
    fs.writeFileSync(file, text.slice(0, text.indexOf('"text": "jim"')));
    try {
      const result = await runCli(['import', file, '--bot', 'strict-cut', '--strict'], db.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^activity 21: the file ends at byte \d+ before this activity is complete \(truncated or corrupt\?\)\n$/);
      expect(result.stdout).toMatch(/^21 records read: 14 accepted, 0 duplicate, 1 rejected, 6 skipped in .*; stopped at activity 21 \(--strict\); everything before it was kept\n$/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
