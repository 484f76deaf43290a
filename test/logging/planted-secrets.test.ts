import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretValues } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startSlackBotwatch } from '../helpers/slack-botwatch.ts';
import type { SlackBotwatch } from '../helpers/slack-botwatch.ts';
import { postSignedToSlackEvents, slashCommandBody, testSigningSecret } from '../helpers/slack-requests.ts';
import { SlackStandIn } from '../helpers/slack-stand-in.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const appId = '6f1c2a9e-0b4d-4c8e-9a57-3d2e1f0a8b7c';
const planted = {
  databasePassword: 'Pl4nted-db-pw',
  slackBotToken: 'xoxb-1111-2222-plantedbottoken',
  chartSecret: 'planted-chart-url-secret',
  consoleToken: 'planted-console-token-0123456789',
  unknownIngestKey: 'bw_planted_unknown_ingest_key',
};

function configError(env: Record<string, string>): string {
  try {
    loadConfig({ BOTWATCH_DATA_DIR: '/nonexistent', ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('configuration errors', () => {
  it('name the variable and what it expects, never the value of a secret', () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ DATABASE_URL: 'postgres://botwatch:Pl4nted-db-pw@db.internal:notaport/botwatch' }, 'DATABASE_URL', 'Pl4nted-db-pw'],
      [{ DATABASE_URL: 'Pl4nted-db-pw' }, 'DATABASE_URL', 'Pl4nted-db-pw'],
      [{ MicrosoftAppId: appId, MicrosoftAppPassword: 'planted~teams.client_secret', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: appId }, 'MicrosoftAppPassword', 'planted~teams.client_secret'],
      [{ MicrosoftAppId: 'planted~teams.client_secret', MicrosoftAppPassword: 'planted~teams.client_secret' }, 'MicrosoftAppId', 'planted~teams.client_secret'],
      [{ BOTWATCH_CONSOLE_TOKEN: 'planted token with spaces' }, 'BOTWATCH_CONSOLE_TOKEN', 'planted token with spaces'],
      [{ SLACK_API_URL: 'not a url', SLACK_BOT_TOKEN: planted.slackBotToken, CHART_URL_SECRET: planted.chartSecret }, 'SLACK_API_URL', planted.slackBotToken],
    ];
    for (const [env, variable, secret] of cases) {
      const message = configError(env);
      expect(message.startsWith(`${variable}: expected`), message).toBe(true);
      expect(message).not.toContain(secret);
      expect(message).not.toContain('\n');
    }
    expect(configError({ DATABASE_URL: 'Pl4nted-db-pw' })).toBe('DATABASE_URL: expected a postgres:// or postgresql:// connection URL, got a value that is not shown here (it is a secret)');
  });

  it('still show values that are not secrets', () => {
    expect(configError({ PORT: 'abc' })).toBe('PORT: expected a TCP port number (0-65535), got "abc"');
  });
});

describe(`a running botwatch (${testEngine})`, () => {
  let t: TestDatabase;
  let standIn: SlackStandIn;
  let botwatch: SlackBotwatch;
  const lines: string[] = [];
  const env = {
    DATABASE_URL: `postgres://botwatch:${planted.databasePassword}@db.internal:5432/botwatch`,
    CHART_URL_SECRET: planted.chartSecret,
    BOTWATCH_CONSOLE_TOKEN: planted.consoleToken,
    SLACK_SIGNING_SECRET: testSigningSecret,
  };

  beforeAll(async () => {
    t = await openTestDatabase();
    standIn = await SlackStandIn.start({ botToken: planted.slackBotToken });
    const logger = createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line), secrets: secretValues({ ...env, SLACK_BOT_TOKEN: planted.slackBotToken }) });
    botwatch = await startSlackBotwatch(t.db, standIn, { env, logger });
  });
  afterAll(async () => {
    await botwatch?.stop();
    await standIn?.stop();
    await t?.close();
  });

  it('writes no planted secret in any log line, at debug level, through commands, failures and refused requests', async () => {
    const command = (text: string, channelId: string) => postSignedToSlackEvents(botwatch.url, slashCommandBody({ text, channelId, responseUrl: standIn.responseUrl() }));
    expect((await command('bots', 'C0FIRST')).status).toBe(200);
    await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0FIRST'));
    standIn.failNext('chat.postMessage', { error: 'invalid_auth' });
    expect((await command('bots', 'C0FAILS')).status).toBe(200);
    await standIn.waitFor(() => lines.find((l) => l.includes('invalid_auth')));

    const ingest = await fetch(`${botwatch.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${planted.unknownIngestKey}`, 'content-type': 'application/json' }, body: '[]' });
    expect(ingest.status).toBe(401);
    const metrics = await fetch(`${botwatch.url}/metrics`, { headers: { authorization: `Bearer ${planted.consoleToken}` } });
    expect(metrics.status).toBe(200);
    const refused = await fetch(`${botwatch.url}/metrics?token=${planted.chartSecret}`);
    expect(refused.status).toBe(401);

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).toContain('invalid_auth');
    for (const [name, value] of Object.entries({ ...planted, signingSecret: testSigningSecret })) expect(all.includes(value), `${name} appears in the log`).toBe(false);
  });

  it('gives every HTTP request and chat command an id that each line it causes carries', async () => {
    lines.length = 0;
    standIn.failNext('chat.postMessage', { error: 'msg_too_long' });
    const body = slashCommandBody({ text: 'bots', channelId: 'C0IDS', responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, body)).status).toBe(200);
    await standIn.waitFor(() => lines.find((l) => l.includes('Slack refused an answer')));
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const refusedLine = records.find((r) => r.msg === 'Slack refused an answer')!;
    const answered = records.find((r) => r.msg === 'command answered')!;
    expect(refusedLine.commandId).toMatch(/^[0-9a-f]{12}$/);
    expect(answered).toMatchObject({ commandId: refusedLine.commandId, platform: 'slack', command: 'bots', outcome: 'ok' });
    const request = records.find((r) => r.msg === 'request' && r.path === '/slack/events')!;
    expect(refusedLine.requestId).toBe(request.requestId);

    const response = await fetch(`${botwatch.url}/readyz`, { headers: { 'x-request-id': 'probe-42' } });
    expect(response.headers.get('x-request-id')).toBe('probe-42');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines.some((l) => l.includes('"requestId":"probe-42"') && l.includes('"path":"/readyz"'))).toBe(true);
  });
});
