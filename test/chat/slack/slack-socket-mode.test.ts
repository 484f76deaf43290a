import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../src/app/create-services.ts';
import { buildSlackModule } from '../../../src/chat/slack/slack-module.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/log.ts';
import { startSlackBotwatch } from '../../helpers/slack-botwatch.ts';
import type { SlackBotwatch } from '../../helpers/slack-botwatch.ts';
import { SlackStandIn } from '../../helpers/slack-stand-in.ts';
import { openTestDatabase, testEngine } from '../../helpers/test-database.ts';
import type { TestDatabase } from '../../helpers/test-database.ts';

describe(`Slack: Socket Mode (${testEngine})`, () => {
  let t: TestDatabase;
  let standIn: SlackStandIn;
  let botwatch: SlackBotwatch;

  beforeAll(async () => {
    t = await openTestDatabase();
    standIn = await SlackStandIn.start();
    // No signing secret: with an app-level token botwatch connects out and needs no public URL.
    botwatch = await startSlackBotwatch(t.db, standIn, { env: { SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: standIn.appToken } });
  });
  afterAll(async () => {
    await botwatch?.stop();
    await standIn?.stop();
    await t?.close();
  });

  it('opens the connection with the app-level token through SLACK_API_URL, and serves no /slack/events route', async () => {
    const open = standIn.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(standIn.appToken);
    expect(standIn.socketMode.attempts.map((a) => a.path)).toEqual([expect.stringMatching(/^\/socket-mode\//)]);
    expect((await fetch(`${botwatch.url}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('acknowledges a slash command over the socket and posts the answer', async () => {
    const socket = await standIn.socketMode.connection();
    const ack = await socket.sendEnvelope('slash_commands', { command: '/botwatch', text: 'help', user_id: 'U0ANA', user_name: 'ana', channel_id: 'C0METRICS', channel_name: 'bot-metrics', team_id: 'T0STANDIN', response_url: standIn.responseUrl('socket') });
    expect(typeof ack.envelope_id).toBe('string');
    const response = await standIn.waitFor(() => standIn.responses.find((r) => r.id === 'socket'));
    expect(response.body).toMatchObject({ response_type: 'ephemeral' });
    expect(response.body.text).toContain('/botwatch summary');
  });
});

describe('Slack: Socket Mode with a refused app-level token', () => {
  it('fails to start, naming Socket Mode and Slack’s reason', async () => {
    const standIn = await SlackStandIn.start();
    const t = await openTestDatabase();
    try {
      const config = loadConfig({ BOTWATCH_DATA_DIR: '/nonexistent', SLACK_BOT_TOKEN: standIn.botToken, SLACK_APP_TOKEN: 'xapp-revoked', SLACK_API_URL: standIn.apiUrl });
      const module = buildSlackModule(createServices(config, t.db, silentLogger).services)!;
      await expect(module.start!()).rejects.toThrow(/Slack Socket Mode could not connect: .*invalid_auth/);
      await module.stop!();
      expect(standIn.callsTo('apps.connections.open').map((c) => c.token)).toEqual(['xapp-revoked']);
      expect(standIn.socketMode.attempts).toEqual([]);
    } finally {
      await standIn.stop();
      await t.close();
    }
  });
});
