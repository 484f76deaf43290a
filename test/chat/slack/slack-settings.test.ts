import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src/app/create-services.ts';
import { buildSlackModule } from '../../../src/chat/slack/slack-module.ts';
import { slackSettings } from '../../../src/chat/slack/slack-settings.ts';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/log.ts';
import { SlackStandIn } from '../../helpers/slack-stand-in.ts';
import { openTestDatabase } from '../../helpers/test-database.ts';

const settings = (env: Record<string, string>) => slackSettings(loadConfig({ BOTWATCH_DATA_DIR: '/nonexistent', ...env }));

describe('Slack settings', () => {
  it('leave Slack off when none is set', () => {
    expect(settings({})).toBeUndefined();
  });

  it('choose HTTP mode with a signing secret, Socket Mode with an app-level token', () => {
    expect(settings({ SLACK_SIGNING_SECRET: 'sec', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_ADMIN_USER_IDS: 'U1,U2' })).toEqual({
      mode: 'http',
      signingSecret: 'sec',
      botToken: 'xoxb-1',
      apiUrl: 'https://slack.com/api/',
      adminUserIds: ['U1', 'U2'],
    });
    expect(settings({ SLACK_SIGNING_SECRET: 'sec', SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'http://127.0.0.1:9/api/' })).toMatchObject({ mode: 'socket', appToken: 'xapp-1', apiUrl: 'http://127.0.0.1:9/api/' });
  });

  it('stop botwatch with the variable named when the app is half configured or a token is swapped', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ SLACK_SIGNING_SECRET: 'sec' }, /^SLACK_BOT_TOKEN: expected .* it is not set$/],
      [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET: expected .*SLACK_APP_TOKEN for Socket Mode/],
      [{ SLACK_SIGNING_SECRET: 'sec', SLACK_BOT_TOKEN: 'xapp-1' }, /^SLACK_BOT_TOKEN: expected a bot token starting with xoxb-, got one starting with "xapp-"$/],
      [{ SLACK_APP_TOKEN: 'xoxb-1', SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_APP_TOKEN: expected an app-level token starting with xapp-/],
    ];
    for (const [env, message] of cases) {
      expect(() => settings(env)).toThrow(ConfigError);
      expect(() => settings(env)).toThrow(message);
    }
  });

  it('stop botwatch at start when Slack refuses the bot token', async () => {
    const standIn = await SlackStandIn.start();
    const t = await openTestDatabase();
    try {
      const config = loadConfig({ BOTWATCH_DATA_DIR: '/nonexistent', SLACK_SIGNING_SECRET: 'sec', SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_API_URL: standIn.apiUrl });
      const module = buildSlackModule(createServices(config, t.db, silentLogger).services)!;
      await expect(module.start!()).rejects.toThrow(new ConfigError('SLACK_BOT_TOKEN: Slack refused it (auth.test: invalid_auth)'));
      expect(standIn.callsTo('auth.test')).toHaveLength(1);
    } finally {
      await standIn.stop();
      await t.close();
    }
  });
});
