import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsModule } from '../../src/alerts/alerts-module.ts';
import { createAlertsModule } from '../../src/alerts/alerts-module.ts';
import { createTeamsModule } from '../../src/chat/teams/teams-module.ts';
import { createDigestsModule } from '../../src/digests/digests-module.ts';
import { addHandoffSpike, TestClock } from '../helpers/alerts-harness.ts';
import { startBotConnectorStandIn } from '../helpers/bot-connector-stand-in.ts';
import type { BotConnectorStandIn, ConnectorRequest } from '../helpers/bot-connector-stand-in.ts';
import { defaultConversationId, postActivity, teamsCardSubmit, teamsMessage, teamsUsers } from '../helpers/teams-activities.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { startTestServer } from '../helpers/test-server.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { cardOf, elementsOf, textsOf } from '../chat/teams/adaptive-card-content.ts';

/**
 * Digests and alerts end to end through the real Teams module: commands typed in a channel (Bot
 * Framework activities), what reached the Bot Connector stand-in, and a card button pressed.
 */
describe(`digests and alerts in Teams (${testEngine})`, () => {
  let t: TestDatabase;
  let connector: BotConnectorStandIn;
  let server: TestServer;
  const clock = new TestClock(new Date('2026-11-10T12:00:00Z'));
  const channel = defaultConversationId('channel');

  beforeAll(async () => {
    t = await openTestDatabase();
    connector = await startBotConnectorStandIn();
    server = await startTestServer(
      t.db,
      { TEAMS_ADMIN_AAD_IDS: teamsUsers.admin.aadObjectId },
      { now: clock.now, modules: [(s) => createTeamsModule(s), (s) => createDigestsModule(s), createAlertsModule] },
    );
    await addHandoffSpike(t.db);
  });
  afterAll(async () => {
    await server?.stop();
    await connector?.close();
    await t?.close();
  });

  /** Types `@botwatch <text>` in the channel as a user; returns the messages botwatch posted for it. */
  async function type(text: string, from = teamsUsers.admin): Promise<ConnectorRequest[]> {
    const before = connector.requests.length;
    const response = await postActivity(server.url, teamsMessage(text, { serviceUrl: connector.serviceUrl, from }));
    expect(response.status).toBe(200);
    return connector.requests.slice(before).filter((r) => r.method === 'POST' && r.activity.type === 'message');
  }
  /** A card's first line, or a plain message's text (short answers are plain text). */
  const title = (r: ConnectorRequest) => (r.activity.attachments ? textsOf(cardOf(r.activity))[0] : String(r.activity.text)) ?? '';

  it('subscribes a channel to a digest and posts it there, with its chart, outside the thread', async () => {
    const [added] = await type('digest add daily 09:00 tz:UTC support-bot');
    expect(title(added!)).toMatch(/Digest #\d+/);
    const [sub] = await t.db.query<{ id: number; channel_id: string }>('SELECT id, channel_id FROM digest_subscriptions');
    expect(sub?.channel_id).toBe(channel);

    const posts = connector.posted().length;
    await type(`digest send ${sub!.id}`);
    const [digest] = (await connector.waitForPosts(posts + 2)).slice(posts).filter((r) => title(r).startsWith('Daily digest'));
    expect(digest).toBeDefined();
    expect(digest!.conversationId).toBe(channel); // a new post in the channel, not a reply in the thread
    expect(textsOf(cardOf(digest!.activity)).join(' ')).toContain('40'); // yesterday's 40 conversations
    const [image] = elementsOf(cardOf(digest!.activity), 'Image');
    expect(String(image?.url)).toMatch(/\/charts\/.+\.png/);
    expect(String(image?.altText)).toMatch(/digest/i);
  });

  it('refuses a non-admin who adds an alert, posts the firing alert once with buttons, and Acknowledge updates that card', async () => {
    const [refusal] = await type('alert add handoff_rate above 20% support-bot for:0m min:10', teamsUsers.member);
    expect(JSON.stringify(refusal!.activity)).toContain('Only botwatch admins can alert add');

    const [added] = await type('alert add handoff_rate above 20% support-bot for:0m min:10');
    expect(title(added!)).toMatch(/Alert #\d+ added/);
    const alerts = server.app.modules.find((m) => m.name === 'alerts') as AlertsModule;
    const posts = connector.posted().length;
    await alerts.evaluator.tick();
    await alerts.evaluator.tick();
    const notifications = connector.posted().slice(posts);
    expect(notifications).toHaveLength(1);
    const firing = notifications[0]!;
    expect(firing.conversationId).toBe(channel);
    const card = cardOf(firing.activity);
    expect(textsOf(card).join(' ')).toContain('20 of 40');
    const submit = elementsOf(card, 'Action.Submit').map((a) => a.data as { action: string; value: string });
    const ack = submit.find((d) => d.action === 'alert.acknowledge')!;
    expect(ack).toBeDefined();

    const press = teamsCardSubmit(ack, { serviceUrl: connector.serviceUrl, conversationId: channel, replyToId: firing.messageId!, from: teamsUsers.member });
    expect((await postActivity(server.url, press)).status).toBe(200);
    const [update] = connector.updated();
    expect(update?.activityId).toBe(firing.messageId);
    expect(textsOf(cardOf(update!.activity)).join(' ')).toMatch(/Acknowledged by Ben Okafor/);
  });
});
