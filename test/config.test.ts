import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretValues } from '../src/config.ts';

const fails = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

const appId = '0b7c6f1e-2d4a-4e8b-9c3f-5a6d7e8f9012';
const tenantId = '7e3d2c1b-0a9f-4e8d-8c7b-6a5f4e3d2c1b';

describe('configuration', () => {
  it('has working defaults for a bare machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: undefined, port: 3000, host: '127.0.0.1', timeZone: 'UTC', idleTimeoutMinutes: 30, alertEvalIntervalSeconds: 60, platformConfigured: false });
    expect(c.slack.apiUrl).toBe('https://slack.com/api/');
  });

  it('listens on every interface once a chat platform is configured', () => {
    expect(loadConfig({ SLACK_SIGNING_SECRET: 's' }).host).toBe('0.0.0.0');
    expect(loadConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: 'secret', HOST: '10.0.0.1' }).host).toBe('10.0.0.1');
  });

  it('stops on a bad value with one line naming the variable and what it expects', () => {
    expect(fails({ PORT: 'abc' })).toBe('PORT: expected a TCP port number (0-65535), got "abc"');
    expect(fails({ BOTWATCH_IDLE_TIMEOUT_MINUTES: '0' })).toBe('BOTWATCH_IDLE_TIMEOUT_MINUTES: expected a whole number of minutes (1-10080), got "0"');
    expect(fails({ DATABASE_URL: 'not a url' })).toBe('DATABASE_URL: expected a postgres:// or postgresql:// connection URL, got a value that is not shown here (it is a secret)');
    expect(fails({ DATABASE_URL: 'mysql://admin:hunter2@db.example.com/botwatch' })).toBe('DATABASE_URL: expected a postgres:// or postgresql:// connection URL, got a value that is not shown here (it is a secret)');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db.example.com/botwatch' }).databaseUrl).toBe('postgresql://u:p@db.example.com/botwatch');
    expect(fails({ BOTWATCH_RETENTION_DAYS: '-1' })).toBe('BOTWATCH_RETENTION_DAYS: expected a whole number of days (0-36500; 0 keeps events forever), got "-1"');
    expect(loadConfig({ BOTWATCH_RETENTION_DAYS: '0' }).retentionDays).toBe(0);
    expect(loadConfig({}).retentionDays).toBe(400);
    expect(fails({ BOTWATCH_DB_STATEMENT_TIMEOUT_MS: '0' })).toBe('BOTWATCH_DB_STATEMENT_TIMEOUT_MS: expected a whole number of milliseconds (1-600000), got "0"');
    expect(fails({ MicrosoftAppType: 'Personal' })).toBe('MicrosoftAppType: expected MultiTenant, SingleTenant or UserAssignedMSI, got "Personal"');
    expect(fails({ BOTWATCH_STORE_MESSAGE_TEXT: 'maybe' })).toBe('BOTWATCH_STORE_MESSAGE_TEXT: expected true or false, got "maybe"');
  });

  it('stops on Teams settings that do not make one Bot Framework registration', () => {
    expect(fails({ MicrosoftAppPassword: 'secret' })).toBe('MicrosoftAppId: expected the Azure Bot\'s Microsoft App ID, since MicrosoftAppPassword is set, it is not set');
    expect(fails({ MicrosoftAppId: 'botwatch', MicrosoftAppPassword: 'secret' })).toBe('MicrosoftAppId: expected the Azure Bot\'s Microsoft App ID (a GUID), got "botwatch"');
    expect(fails({ MicrosoftAppId: appId })).toBe('MicrosoftAppPassword: expected the bot\'s client secret (MicrosoftAppId is set), it is not set');
    expect(fails({ MicrosoftAppId: appId, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant' })).toBe('MicrosoftAppTenantId: expected the bot\'s tenant id (MicrosoftAppType is SingleTenant), it is not set');
    expect(fails({ MicrosoftAppId: appId, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: tenantId })).toBe('MicrosoftAppPassword: expected no password with a managed identity (MicrosoftAppType is UserAssignedMSI), got a value that is not shown here (it is a secret)');
    expect(fails({ TEAMS_ADMIN_AAD_IDS: `${appId},bob` })).toMatch(/^TEAMS_ADMIN_AAD_IDS: expected comma-separated AAD object ids/);
    expect(loadConfig({ MicrosoftAppId: appId, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: tenantId }).teams).toMatchObject({ appId, tenantId, appPassword: undefined });
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
  it('reads the Rasa event broker settings and never shows the AMQP URL, which holds a password', () => {
    expect(loadConfig({}).rasa).toBeUndefined();
    const url = 'amqp://rasa:s3cret-pw@rabbitmq:5672/';
    expect(loadConfig({ BOTWATCH_RASA_AMQP_URL: url, BOTWATCH_RASA_BOT_ID: 'moodbot' }).rasa).toEqual({ amqpUrl: url, queue: 'rasa_core_events', botId: 'moodbot', handoffActions: [] });
    expect(loadConfig({ BOTWATCH_RASA_AMQP_URL: url, BOTWATCH_RASA_BOT_ID: 'moodbot', BOTWATCH_RASA_QUEUE: 'events', BOTWATCH_RASA_HANDOFF_ACTIONS: 'action_agent, action_escalate' }).rasa).toMatchObject({ queue: 'events', handoffActions: ['action_agent', 'action_escalate'] });
    expect(fails({ BOTWATCH_RASA_AMQP_URL: url })).toBe('BOTWATCH_RASA_BOT_ID: expected the bot id to store the Rasa events under, since BOTWATCH_RASA_AMQP_URL is set, it is not set');
    const wrong = fails({ BOTWATCH_RASA_AMQP_URL: 'http://rasa:s3cret-pw@rabbitmq/', BOTWATCH_RASA_BOT_ID: 'moodbot' });
    expect(wrong).toBe('BOTWATCH_RASA_AMQP_URL: expected an amqp:// or amqps:// URL such as amqp://user:password@rabbitmq:5672/, got a value that is not shown here (it is a secret)');
    expect(fails({ BOTWATCH_RASA_AMQP_URL: url, BOTWATCH_RASA_BOT_ID: 'Mood Bot' })).toMatch(/^BOTWATCH_RASA_BOT_ID: expected a bot id/);
  });

  it('reads a read replica only beside a primary, and never shows its URL', () => {
    const primary = 'postgres://botwatch:pw-primary@db-1:5432/botwatch';
    const replica = 'postgres://botwatch:pw-replica@db-2:5432/botwatch';
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: replica })).toMatchObject({ databaseUrl: primary, databaseReadUrl: replica });
    expect(loadConfig({ DATABASE_URL: primary }).databaseReadUrl).toBeUndefined();
    expect(fails({ DATABASE_READ_URL: replica })).toBe('DATABASE_URL: expected the primary PostgreSQL connection URL, since DATABASE_READ_URL is set (a read replica needs a primary), it is not set');
    expect(fails({ DATABASE_URL: primary, DATABASE_READ_URL: 'mysql://botwatch:pw-replica@db-2/botwatch' })).toBe(
      'DATABASE_READ_URL: expected a postgres:// or postgresql:// connection URL of a read replica, got a value that is not shown here (it is a secret)',
    );
    expect(secretValues({ DATABASE_URL: primary, DATABASE_READ_URL: replica })).toEqual(expect.arrayContaining([replica, 'pw-replica']));
  });
});
