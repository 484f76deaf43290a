import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const fails = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('has working defaults for a bare machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: undefined, port: 3000, host: '127.0.0.1', timeZone: 'UTC', idleTimeoutMinutes: 30, alertEvalIntervalSeconds: 60, platformConfigured: false });
    expect(c.slack.apiUrl).toBe('https://slack.com/api/');
  });

  it('listens on every interface once a chat platform is configured', () => {
    expect(loadConfig({ SLACK_SIGNING_SECRET: 's' }).host).toBe('0.0.0.0');
    expect(loadConfig({ MicrosoftAppId: 'id', HOST: '10.0.0.1' }).host).toBe('10.0.0.1');
  });

  it('stops on a bad value with one line naming the variable and what it expects', () => {
    expect(fails({ PORT: 'abc' })).toBe('PORT: expected a TCP port number (0-65535), got "abc"');
    expect(fails({ BOTWATCH_IDLE_TIMEOUT_MINUTES: '0' })).toBe('BOTWATCH_IDLE_TIMEOUT_MINUTES: expected a whole number of minutes (1-10080), got "0"');
    expect(fails({ DATABASE_URL: 'not a url' })).toBe('DATABASE_URL: expected a postgres:// connection URL, got "not a url"');
    expect(fails({ MicrosoftAppType: 'Personal' })).toBe('MicrosoftAppType: expected MultiTenant, SingleTenant or UserAssignedMSI, got "Personal"');
    expect(fails({ BOTWATCH_STORE_MESSAGE_TEXT: 'maybe' })).toBe('BOTWATCH_STORE_MESSAGE_TEXT: expected true or false, got "maybe"');
  });

  it('reads the digest grace period in minutes (default 2 h; 0 means never post late)', () => {
    expect(loadConfig({}).digestGraceMinutes).toBe(120);
    expect(loadConfig({ BOTWATCH_DIGEST_GRACE_MINUTES: '0' }).digestGraceMinutes).toBe(0);
    expect(loadConfig({ BOTWATCH_DIGEST_GRACE_MINUTES: '' }).digestGraceMinutes).toBe(120);
    expect(fails({ BOTWATCH_DIGEST_GRACE_MINUTES: '2h' })).toBe('BOTWATCH_DIGEST_GRACE_MINUTES: expected a whole number of minutes (0-10080), got "2h"');
  });

  it('splits admin id lists', () => {
    expect(loadConfig({ SLACK_ADMIN_USER_IDS: ' U1, U2 ,,' }).slack.adminUserIds).toEqual(['U1', 'U2']);
  });
});
