import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabaseEnv } from '../helpers/cli-database-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testEngine } from '../helpers/test-database.ts';

let db: Awaited<ReturnType<typeof cliDatabaseEnv>>;
beforeAll(async () => {
  db = await cliDatabaseEnv();
});
afterAll(() => db?.close());

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

describe(`the botwatch command line (${testEngine})`, () => {
  it('migrates, then says the schema is current', async () => {
    const first = await runCli(['migrate'], db.env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied migrations 1(, \d+)*; schema at version \d+\n$/);
    const again = await runCli(['migrate'], db.env);
    expect(again.stdout).toMatch(/^schema is current \(version \d+\)\n$/);
  });

  it('creates, lists and revokes ingest keys, showing the key only once', async () => {
    const created = await runCli(['keys', 'create', 'website'], db.env);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^bw_[A-Za-z0-9_-]{32}\n$/);
    expect(created.stderr).toMatch(/shown only this once/);
    const duplicate = await runCli(['keys', 'create', 'website'], db.env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toBe('botwatch: an active key named "website" already exists; revoke it first or choose another name\n');
    const listed = await runCli(['keys', 'list'], db.env);
    expect(listed.stdout).toMatch(/^website\tbw_\S{6}…\tactive\t/);
    expect(listed.stdout).not.toContain(created.stdout.trim());
    expect((await runCli(['keys', 'revoke', 'website'], db.env)).stdout).toBe('key "website" revoked\n');
    expect((await runCli(['keys', 'revoke', 'website'], db.env)).stderr).toBe('botwatch: there is no active key named "website"\n');
  });

  it('imports a file, printing rejected lines and a final line of counts (exit 2 when some were rejected)', async () => {
    const result = await runCli(['import', fixture('mixed.jsonl')], db.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('line 5: timestamp: expected ISO-8601 date-time with offset or Z\n');
    expect(result.stdout).toMatch(/^6 records read: 4 accepted, 0 duplicate, 2 rejected in [\d.]+ s/);
    const csv = await runCli(['import', '-', '--format', 'csv', '--bot', 'from-stdin'], db.env, 'id,type,timestamp,conversationId\nx1,resolved,2026-11-10T10:00:00Z,c9\n');
    expect(csv.stdout).toMatch(/^1 records read: 1 accepted/);
    expect(csv.code).toBe(0);
  });

  it('sets, shows and clears a bot’s time zone, refusing what is not one', async () => {
    expect((await runCli(['bots', 'tz', 'from-stdin', 'america/new_york'], db.env)).stdout).toMatch(/^from-stdin: America\/New_York; its usual week \(anomaly rules without tz:, anomalies, digests, band:on\)/);
    expect((await runCli(['bots', 'list'], db.env)).stdout).toMatch(/^from-stdin\t.*\tAmerica\/New_York$/m);
    expect((await runCli(['bots', 'tz', 'from-stdin', 'Mars/Olympus'], db.env)).stderr).toMatch(/^botwatch: "Mars\/Olympus" is not a time zone; give an IANA name/);
    expect((await runCli(['bots', 'tz', 'nobody', 'UTC'], db.env)).stderr).toBe('botwatch: unknown bot "nobody" (it has to have sent events first)\n');
    expect((await runCli(['bots', 'tz', 'from-stdin', 'none'], db.env)).stdout).toMatch(/^from-stdin: no time zone of its own/);
    expect((await runCli(['bots', 'list'], db.env)).stdout).toMatch(/^from-stdin\t.*\tno time zone set$/m);
  });

  it('imports the lines around one nested 50,000 levels deep, reporting that one', async () => {
    const line = (id: string, extra = '') => `{"id":"${id}","type":"message.received","timestamp":"${new Date(Date.now() - 3_600_000).toISOString()}","botId":"deep-import","conversationId":"c1"${extra}}`;
    const deep = line('deep', `,"nested":${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    const result = await runCli(['import', '-', '--format', 'jsonl'], db.env, [line('before'), deep, line('after')].join('\n'));
    expect(result.stderr).toBe('line 2: nested: nested deeper than 64 levels\n');
    expect(result.stdout).toMatch(/^3 records read: 2 accepted, 0 duplicate, 1 rejected/);
    expect(result.code).toBe(2);
  });

  it('says clearly what is wrong with a bad setting, in one line', async () => {
    const result = await runCli(['migrate'], { ...db.env, BOTWATCH_TZ: 'Mars/Olympus' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('botwatch: BOTWATCH_TZ: expected an IANA time zone name such as Europe/Berlin, got "Mars/Olympus"\n');
  });

  it('names an unknown command and a missing file', async () => {
    expect((await runCli(['frobnicate'], db.env)).stderr).toMatch(/^botwatch: unknown command "frobnicate"/);
    expect((await runCli(['import', '/no/such/file.jsonl'], db.env)).stderr).toBe('botwatch: no such file: /no/such/file.jsonl\n');
  });
});
