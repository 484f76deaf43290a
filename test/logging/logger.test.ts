import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { newLogId, withLogContext } from '../../src/logging/log-context.ts';

function capture(format: 'json' | 'pretty', secrets: string[] = []) {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'debug', format, write: (line) => lines.push(line), secrets }) };
}

function failingDeep(): Error {
  const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:5432'), { code: 'ECONNREFUSED' });
  return new Error('digest run failed', { cause });
}

describe('logs', () => {
  it('keep an error’s stack and its cause’s, in JSON', () => {
    const { lines, logger } = capture('json');
    logger.error('digest run failed; it will be taken over', { run: 7, error: failingDeep() });
    const record = JSON.parse(lines[0]!) as Record<string, unknown> & { error: { type: string; message: string; stack: string; cause: { message: string; stack: string; code: string } } };
    expect(Object.keys(record).slice(0, 3)).toEqual(['time', 'level', 'msg']);
    expect(record).toMatchObject({ level: 'error', msg: 'digest run failed; it will be taken over', run: 7 });
    expect(record.error.message).toBe('digest run failed');
    expect(record.error.stack).toMatch(/^Error: digest run failed\n\s+at failingDeep \(.*logger\.test\.ts:\d+:\d+\)/);
    expect(record.error.cause).toMatchObject({ message: 'connect ECONNREFUSED 10.0.0.9:5432', code: 'ECONNREFUSED' });
    expect(record.error.cause.stack).toMatch(/logger\.test\.ts/);
  });

  it('keep the stack and causes in pretty lines too: one line per record, the stacks indented under it', () => {
    const { lines, logger } = capture('pretty');
    logger.error('digest run failed', { run: 7, error: failingDeep() });
    const [head, ...rest] = lines[0]!.split('\n');
    expect(head).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z ERROR digest run failed run=7 error=\{"message":"digest run failed"\}$/);
    expect(rest[0]).toBe('    Error: digest run failed');
    expect(rest.some((l) => /^\s+at failingDeep/.test(l))).toBe(true);
    expect(rest.some((l) => l === '    caused by: Error: connect ECONNREFUSED 10.0.0.9:5432')).toBe(true);
  });

  it('respect the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', format: 'json', write: (line) => lines.push(line) });
    logger.info('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
  });

  it('carry the id of the request or command being handled, whichever logger writes the line', async () => {
    const { lines, logger } = capture('json');
    const moduleLogger = logger.child({ module: 'slack' }); // made at start, before any request
    const requestId = newLogId();
    await withLogContext({ requestId }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      moduleLogger.info('posting');
      await withLogContext({ commandId: 'c1' }, async () => {
        await Promise.resolve();
        logger.warn('inside the command');
      });
    });
    logger.info('outside');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(requestId).toMatch(/^[0-9a-f]{12}$/);
    expect(records[0]).toMatchObject({ msg: 'posting', module: 'slack', requestId });
    expect(records[1]).toMatchObject({ msg: 'inside the command', requestId, commandId: 'c1' });
    expect(records[2]).not.toHaveProperty('requestId');
  });

  describe('never contain a planted secret', () => {
    const planted = {
      databasePassword: 'Pl4nted-db-pw',
      slackBotToken: 'xoxb-1111-2222-plantedbottoken',
      slackAppToken: 'xapp-1-A111-plantedapptoken',
      slackSigningSecret: 'planted-signing-secret-8f2a',
      teamsPassword: 'planted~teams.client_secret',
      chartSecret: 'planted-chart-url-secret',
      consoleToken: 'planted-console-token-0123456789',
      ingestKey: 'bw_planted_ingest_key_4567',
      unknownBearer: 'some-unconfigured-bearer-token',
    };
    const configured = [planted.databasePassword, planted.slackBotToken, planted.slackAppToken, planted.slackSigningSecret, planted.teamsPassword, planted.chartSecret, planted.consoleToken];

    for (const format of ['json', 'pretty'] as const) {
      it(`(${format})`, () => {
        const { lines, logger } = capture(format, configured);
        const url = `postgres://botwatch:${planted.databasePassword}@db.internal:5432/botwatch`;
        // By field name, at any depth botwatch logs.
        logger.info('settings', { token: planted.ingestKey, password: planted.teamsPassword, apiKey: planted.ingestKey, secret: planted.chartSecret });
        logger.warn('request', { request: { headers: { authorization: `Bearer ${planted.consoleToken}`, Cookie: `botwatch_console=${planted.consoleToken}` } } });
        logger.error('call failed', { error: Object.assign(new Error('invalid_auth'), { config: { headers: { Authorization: `Bearer ${planted.slackBotToken}` } } }) });
        logger.child({ slack: { botToken: planted.slackBotToken, appToken: planted.slackAppToken, signingSecret: planted.slackSigningSecret } }).info('child');
        // By value: wherever a configured secret or a URL's password turns up.
        logger.error('database connection lost', { error: new Error(`could not connect to ${url}`, { cause: new Error(`password authentication failed (${planted.databasePassword})`) }) });
        logger.info(`database at ${url}`, { databaseUrl: url, note: `sent Authorization: Bearer ${planted.unknownBearer}` });
        logger.warn('Slack said', { body: `token=${planted.slackBotToken}&app=${planted.slackAppToken}` });
        logger.info('quoted', { text: JSON.stringify({ s: planted.teamsPassword }) });
        expect(lines.length).toBe(8);
        const all = lines.join('\n');
        for (const [name, value] of Object.entries(planted)) expect(all.includes(value), `${name} appears in:\n${all}`).toBe(false);
        expect(all).toContain('postgres://botwatch:[redacted]@db.internal:5432/botwatch');
        expect(all).toContain('[redacted]');
      });
    }
  });
});
