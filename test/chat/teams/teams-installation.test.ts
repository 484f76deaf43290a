import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTeamsConversation } from '../../../src/chat/teams/conversation-store.ts';
import { createTeamsModule } from '../../../src/chat/teams/teams-module.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { startBotConnectorStandIn } from '../../helpers/bot-connector-stand-in.ts';
import type { BotConnectorStandIn } from '../../helpers/bot-connector-stand-in.ts';
import { defaultConversationId, postActivity, teamsBot, teamsBotMembership, teamsInstallation, teamsMessage, teamsTeam, teamsTenantId } from '../../helpers/teams-activities.ts';
import { openTestDatabase, testEngine } from '../../helpers/test-database.ts';
import type { TestDatabase } from '../../helpers/test-database.ts';
import { startTestServer } from '../../helpers/test-server.ts';
import type { TestServer } from '../../helpers/test-server.ts';
import { cardOf, textsOf } from './adaptive-card-content.ts';

const digest: Reply = {
  kind: 'digest',
  title: 'Daily digest — support-bot',
  subtitle: 'support-bot · yesterday · UTC',
  figures: [{ metric: 'conversations', label: 'Conversation volume', unit: 'count', better: 'none', value: 120, formatted: '120' }],
  notes: [],
};

describe(`Teams installation memory (${testEngine})`, () => {
  let t: TestDatabase;
  let connector: BotConnectorStandIn;
  let server: TestServer | undefined;
  const start = () => startTestServer(t.db, {}, { modules: [(s) => createTeamsModule(s)] });

  beforeAll(async () => {
    t = await openTestDatabase();
    connector = await startBotConnectorStandIn();
  });

  afterAll(async () => {
    await server?.stop();
    await connector?.close();
    await t?.close();
  });

  it('stores the conversation reference when the bot is added to a team, with the team and its name', async () => {
    server = await start();
    const added = await postActivity(server.url, teamsBotMembership('added', { serviceUrl: connector.serviceUrl }));
    expect(added.status).toBe(200);
    const stored = await findTeamsConversation(t.db, teamsTeam.id);
    expect(stored).toEqual({
      conversationId: teamsTeam.id,
      conversationType: 'channel',
      tenantId: teamsTenantId,
      teamId: teamsTeam.id,
      name: 'Support › General',
      reference: {
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        locale: 'en-US',
        bot: teamsBot,
        conversation: { id: teamsTeam.id, conversationType: 'channel', isGroup: true, name: 'Support › General', tenantId: teamsTenantId },
      },
    });
    // Nothing is posted on installation.
    expect(connector.requests).toEqual([]);
  });

  it('posts proactively to a stored conversation after a restart (a new server on the same database)', async () => {
    await server?.stop();
    server = await start();
    const result = await server.app.services.deliverers.teams!.deliver({ platform: 'teams', channelId: teamsTeam.id }, digest);
    expect(result).toEqual({ ok: true, messageId: expect.any(String) });
    const [post] = connector.posted();
    expect(post).toMatchObject({ method: 'POST', conversationId: teamsTeam.id, messageId: (result as { messageId: string }).messageId });
    // A new message in the channel, not a reply to some earlier activity.
    expect(post?.activityId).toBeUndefined();
    expect(post?.activity).toMatchObject({ type: 'message', from: { id: teamsBot.id }, summary: 'Daily digest — support-bot' });
    expect(textsOf(cardOf(post!.activity))).toContain('120');
  });

  it('replies in the thread of an earlier post in a channel, and to the message in a chat', async () => {
    const deliverer = server!.app.services.deliverers.teams!;
    const channel = await deliverer.deliver({ platform: 'teams', channelId: teamsTeam.id }, { ...digest, kind: 'alert', title: 'Recovered' }, { inReplyTo: '1700000000000' });
    expect(channel.ok).toBe(true);
    expect(connector.posted().at(-1)).toMatchObject({ conversationId: `${teamsTeam.id};messageid=1700000000000` });
    expect(connector.posted().at(-1)?.activityId).toBeUndefined();

    await postActivity(server!.url, teamsBotMembership('added', { serviceUrl: connector.serviceUrl, scope: 'groupChat' }));
    const chat = await deliverer.deliver({ platform: 'teams', channelId: defaultConversationId('groupChat') }, digest, { inReplyTo: '1700000000005' });
    expect(chat.ok).toBe(true);
    expect(connector.posted().at(-1)).toMatchObject({ conversationId: defaultConversationId('groupChat'), activityId: '1700000000005' });
  });

  it('keeps the stored team name when a later message in the channel carries only ids', async () => {
    await postActivity(server!.url, teamsMessage('help', { serviceUrl: connector.serviceUrl, conversationId: teamsTeam.id }));
    expect((await findTeamsConversation(t.db, teamsTeam.id))?.name).toBe('Support › General');
  });

  it('remembers a conversation the bot only hears a message from (installed before botwatch kept references)', async () => {
    await postActivity(server!.url, teamsMessage('help', { serviceUrl: connector.serviceUrl }));
    expect(await findTeamsConversation(t.db, defaultConversationId('channel'))).toMatchObject({ conversationType: 'channel', teamId: teamsTeam.id });
  });

  it('forgets every channel of a team when the app is uninstalled from it, and posting there is then `gone`', async () => {
    const removed = await postActivity(server!.url, teamsInstallation('remove', { serviceUrl: connector.serviceUrl }));
    expect(removed.status).toBe(200);
    expect(await findTeamsConversation(t.db, teamsTeam.id)).toBeUndefined();
    expect(await findTeamsConversation(t.db, defaultConversationId('channel'))).toBeUndefined();
    expect(await findTeamsConversation(t.db, defaultConversationId('groupChat'))).toBeDefined();

    const posts = connector.requests.length;
    const result = await server!.app.services.deliverers.teams!.deliver({ platform: 'teams', channelId: teamsTeam.id }, digest);
    expect(result).toMatchObject({ ok: false, kind: 'gone' });
    expect(connector.requests.length).toBe(posts);
  });

  it('follows installation in a personal chat and the bot being removed from a group chat', async () => {
    await postActivity(server!.url, teamsInstallation('add', { serviceUrl: connector.serviceUrl, scope: 'personal' }));
    expect(await findTeamsConversation(t.db, defaultConversationId('personal'))).toMatchObject({
      conversationType: 'personal',
      name: 'personal chat with Ana Lopez',
      reference: { user: { id: '29:1-admin', aadObjectId: expect.any(String) } },
    });
    await postActivity(server!.url, teamsBotMembership('removed', { serviceUrl: connector.serviceUrl, scope: 'groupChat' }));
    expect(await findTeamsConversation(t.db, defaultConversationId('groupChat'))).toBeUndefined();
  });
});
