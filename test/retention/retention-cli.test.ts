import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabaseEnv } from '../helpers/cli-database-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testEngine } from '../helpers/test-database.ts';

let database: Awaited<ReturnType<typeof cliDatabaseEnv>>;
beforeAll(async () => {
  database = await cliDatabaseEnv();
});
afterAll(() => database.close());

describe(`botwatch retention (${testEngine})`, { timeout: 120_000 }, () => {
  it('shows what is kept and what the next run deletes, runs on --run, and names a bad setting', async () => {
    const old = '{"id":"r1","type":"conversation.started","timestamp":"2024-03-01T10:00:00Z","botId":"old-bot","conversationId":"c1"}\n';
    // Older than the default window: imported with retention off, as history is loaded before it is pruned.
    expect((await runCli(['import', '-', '--format', 'jsonl'], { ...database.env, BOTWATCH_RETENTION_DAYS: '0' }, old)).code).toBe(0);

    const shown = await runCli(['retention'], { ...database.env, BOTWATCH_RETENTION_DAYS: '100' });
    expect(shown.stderr).toBe('');
    expect(shown.stdout).toMatch(/^events are kept for 100 days \(BOTWATCH_RETENTION_DAYS\)\nchart images and CSV exports until they expire; digest runs for 90 days; alert history for 90 days\nno retention run yet\nthe next run \(once a day, in botwatch serve\) deletes: event partitions 202403, facts of 1 conversation started before \d{4}-\d\d-\d\d, \d+ rollup rows, 0 Rasa senders last seen before then; /);

    const run = await runCli(['retention', '--run'], { ...database.env, BOTWATCH_RETENTION_DAYS: '100' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\ndeleted now: event partitions 202403, facts of 1 conversation started before /);
    const after = await runCli(['retention'], database.env);
    expect(after.stdout).toMatch(/^events are kept for 400 days \(BOTWATCH_RETENTION_DAYS\)\n.*\nlast run \S+: data before \d{4}-\d\d-\d\d is no longer kept\n/);

    const bad = await runCli(['retention'], { ...database.env, BOTWATCH_RETENTION_DAYS: 'a year' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('botwatch: BOTWATCH_RETENTION_DAYS: expected a whole number of days (0-36500; 0 keeps events forever), got "a year"\n');
  });
});
