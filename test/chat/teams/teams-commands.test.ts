import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotwatchModule } from '../../../src/app/module.ts';
import type { Asker } from '../../../src/chat/destination.ts';
import type { Action } from '../../../src/replies/reply.ts';
import { chartSigningKey, signChartPath, signCsvPath } from '../../../src/charts/chart-links.ts';
import { createTeamsModule } from '../../../src/chat/teams/teams-module.ts';
import { startBotConnectorStandIn } from '../../helpers/bot-connector-stand-in.ts';
import type { BotConnectorStandIn } from '../../helpers/bot-connector-stand-in.ts';
import { PNG_SIGNATURE } from '../../helpers/decode-png.ts';
import { at, event } from '../../helpers/events.ts';
import { defaultConversationId, postActivity, teamsBot, teamsCardSubmit, teamsMessage, teamsUsers } from '../../helpers/teams-activities.ts';
import { openTestDatabase, testEngine } from '../../helpers/test-database.ts';
import type { TestDatabase } from '../../helpers/test-database.ts';
import { startTestServer } from '../../helpers/test-server.ts';
import type { TestServer } from '../../helpers/test-server.ts';
import { cardOf, elementsOf, textsOf } from './adaptive-card-content.ts';

const pressed: { action: Pick<Action, 'id' | 'value'>; asker: Asker }[] = [];

/** Stands in for the alerts module: owns `alert.acknowledge` like it will. */
const alertsStandIn = (): BotwatchModule => ({
  name: 'alerts-stand-in',
  actions: {
    'alert.acknowledge': (action, asker) => {
      pressed.push({ action, asker });
      return Promise.resolve({
        reply: { kind: 'info', title: `Acknowledged alert ${action.value}.`, figures: [], notes: [] },
        updatedMessage: { kind: 'alert', title: 'Hand-off rate above 20 %', figures: [], notes: [`Acknowledged by ${asker.displayName ?? asker.userId}.`], actions: [] },
      });
    },
  },
});

describe(`Teams commands through botbuilder and the Bot Connector stand-in (${testEngine})`, () => {
  let t: TestDatabase;
  let connector: BotConnectorStandIn;
  let server: TestServer;

  beforeAll(async () => {
    t = await openTestDatabase();
    connector = await startBotConnectorStandIn();
    server = await startTestServer(t.db, { TEAMS_ADMIN_AAD_IDS: teamsUsers.admin.aadObjectId }, { modules: [(s) => createTeamsModule(s), alertsStandIn] });
    // Ten settled conversations of support-bot two to three hours ago, three handed off.
    const start = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const events = Array.from({ length: 10 }, (_, i) => {
      const c = { botId: 'support-bot', conversationId: `c${i}`, userId: `u${i}`, channel: 'web' };
      return [
        event('message.received', { ...c, timestamp: at(start, i * 5) }),
        event('message.sent', { ...c, timestamp: at(start, i * 5 + 1), latencyMs: 800 }),
        ...(i < 3 ? [event('handoff', { ...c, timestamp: at(start, i * 5 + 2) })] : []),
        event('conversation.ended', { ...c, timestamp: at(start, i * 5 + 3) }),
      ];
    }).flat();
    const stored = await server.postEvents(events);
    expect(stored.body).toMatchObject({ accepted: events.length });
  });

  afterAll(async () => {
    await server?.stop();
    await connector?.close();
    await t?.close();
  });

  const sent = (from = 0) => connector.requests.slice(from);

  it('answers a mention in a channel with an Adaptive Card of the figures in the database, in the thread, after a typing indicator', async () => {
    const before = connector.requests.length;
    const message = teamsMessage('summary support-bot 7d', { serviceUrl: connector.serviceUrl });
    const response = await postActivity(server.url, message);
    expect(response.status).toBe(200);

    const [typing, reply, ...rest] = sent(before);
    expect(rest).toEqual([]);
    const thread = `${defaultConversationId('channel')};messageid=${String(message.id)}`;
    expect(typing).toMatchObject({ method: 'POST', conversationId: thread, activityId: message.id, activity: { type: 'typing' } });
    expect(reply).toMatchObject({ method: 'POST', conversationId: thread, activityId: message.id, status: 201 });
    expect(reply?.activity).toMatchObject({ type: 'message', from: { id: teamsBot.id }, summary: 'Summary — support-bot' });

    const card = cardOf(reply!.activity);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const texts = textsOf(card);
    expect(texts[0]).toBe('Summary — support-bot');
    const figure = (label: string) => {
      const row = elementsOf(card, 'ColumnSet').find((set) => textsOf(set)[0] === label);
      const [labels, value] = elementsOf(row, 'Column').map(textsOf);
      return { value: value?.[0], note: labels?.[1] };
    };
    expect(figure('Conversation volume').value).toBe('10');
    expect(figure('Human hand-off rate')).toEqual({ value: '30 %', note: '3 of 10' });
  });

  it('puts the chart in the card as a PNG served by botwatch at a signed URL; a tampered or expired link is refused', async () => {
    const before = connector.requests.length;
    await postActivity(server.url, teamsMessage('handoff support-bot 7d', { serviceUrl: connector.serviceUrl }));
    const reply = sent(before).find((r) => r.activity.type === 'message');
    const [image] = elementsOf(cardOf(reply!.activity), 'Image');
    expect(image?.altText).toEqual(expect.stringMatching(/hand-off/i));
    const url = new URL(String(image?.url));
    expect(`${url.protocol}//${url.host}`).toBe(server.url);

    const png = await fetch(url);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(0, 8)).toEqual(PNG_SIGNATURE);

    await expectAlteredLinksRefused(url);

    const id = /\/charts\/(.+)\.png$/.exec(url.pathname)![1]!;
    const expired = signChartPath(id, new Date(Date.now() - 60_000), await chartSigningKey(t.db, undefined));
    const refused = await fetch(`${server.url}${expired}`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'this chart link has expired' });
  });

  it('offers the table as CSV by a "Download CSV" action: a signed link that serves it; a tampered or expired one is refused', async () => {
    const before = connector.requests.length;
    await postActivity(server.url, teamsMessage('handoff support-bot 7d by:channel', { serviceUrl: connector.serviceUrl }));
    const reply = sent(before).find((r) => r.activity.type === 'message');
    const action = ((cardOf(reply!.activity).actions ?? []) as { type: string; title?: string; url?: string }[]).find((a) => a.type === 'Action.OpenUrl');
    expect(action).toMatchObject({ title: 'Download CSV' });
    const url = new URL(String(action?.url));
    expect(`${url.protocol}//${url.host}`).toBe(server.url);

    const csv = await fetch(url);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="human-hand-off-rate-support-bot.csv"');
    const records = parse<Record<string, string>>(await csv.text(), { columns: true });
    // Three of the ten conversations on the web channel were handed off.
    expect(records).toEqual([expect.objectContaining({ Channel: 'web', 'Human hand-off rate': '0.3', Numerator: '3', Denominator: '10' })]);

    await expectAlteredLinksRefused(url);
    const id = /\/exports\/(.+)\.csv$/.exec(url.pathname)![1]!;
    const key = await chartSigningKey(t.db, undefined);
    const expired = await fetch(`${server.url}${signCsvPath(id, new Date(Date.now() - 60_000), key)}`);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toEqual({ error: 'this CSV link has expired' });
    // A chart link's signature does not open the export of the same id.
    const asChart = new URL(signChartPath(id, new Date(Date.now() + 60_000), key), server.url);
    expect((await fetch(`${server.url}/exports/${id}.csv${asChart.search}`)).status).toBe(403);
  });

  it('takes commands without a mention in a personal chat, and answers help as text that says how to type them in Teams', async () => {
    const before = connector.requests.length;
    const response = await postActivity(server.url, teamsMessage('help', { serviceUrl: connector.serviceUrl, scope: 'personal' }));
    expect(response.status).toBe(200);
    const reply = sent(before).find((r) => r.activity.type === 'message');
    expect(reply?.conversationId).toBe(defaultConversationId('personal'));
    expect(reply?.activity).toMatchObject({ textFormat: 'markdown' });
    expect(reply?.activity.attachments).toBeUndefined();
    expect(String(reply?.activity.text)).toContain('@botwatch summary [bot] [window] [filters]');
    expect(String(reply?.activity.text)).not.toContain('/botwatch');
  });

  it('answers a mistake with the error and the usage, as text', async () => {
    const before = connector.requests.length;
    await postActivity(server.url, teamsMessage('handof support-bot', { serviceUrl: connector.serviceUrl }));
    const reply = sent(before).find((r) => r.activity.type === 'message');
    expect(String(reply?.activity.text)).toMatch(/unknown command or metric "handof" — did you mean handoff\\_rate\?/);
  });

  it('refuses alert add to someone not in TEAMS_ADMIN_AAD_IDS, naming the setting and their id', async () => {
    const before = connector.requests.length;
    await postActivity(server.url, teamsMessage('alert add handoff above 20% support-bot', { serviceUrl: connector.serviceUrl, from: teamsUsers.member }));
    const reply = sent(before).find((r) => r.activity.type === 'message');
    const text = String(reply?.activity.text);
    expect(text).toContain('Only botwatch admins can alert add.');
    expect(text).toContain('TEAMS_ADMIN_AAD_IDS');
    expect(text).toContain(teamsUsers.member.aadObjectId);
  });

  it('routes a card button to the module that handles its action, updates the card and replies to the person who pressed', async () => {
    const before = connector.requests.length;
    const conversationId = `${defaultConversationId('channel')};messageid=1700000000123`;
    const press = teamsCardSubmit({ action: 'alert.acknowledge', value: 'rule-7:42' }, { serviceUrl: connector.serviceUrl, conversationId, replyToId: '1700000000123', from: teamsUsers.member });
    expect((await postActivity(server.url, press)).status).toBe(200);

    expect(pressed).toEqual([
      {
        action: { id: 'alert.acknowledge', value: 'rule-7:42' },
        asker: { platform: 'teams', userId: teamsUsers.member.aadObjectId, displayName: teamsUsers.member.name, isAdmin: false, destination: { platform: 'teams', channelId: defaultConversationId('channel'), workspaceId: expect.any(String) } },
      },
    ]);
    const update = sent(before).find((r) => r.method === 'PUT');
    expect(update).toMatchObject({ conversationId, activityId: '1700000000123', status: 200 });
    expect(textsOf(cardOf(update!.activity))).toContain('Acknowledged by Ben Okafor.');
    const reply = sent(before).find((r) => r.method === 'POST' && r.activity.type === 'message');
    expect(String(reply?.activity.text)).toContain('Acknowledged alert rule-7:42.');
  });

  it('says a button does nothing when no module handles its action', async () => {
    const before = connector.requests.length;
    const press = teamsCardSubmit({ action: 'alert.mute', value: 'rule-7' }, { serviceUrl: connector.serviceUrl, replyToId: '1700000000124' });
    expect((await postActivity(server.url, press)).status).toBe(200);
    const reply = sent(before).find((r) => r.method === 'POST' && r.activity.type === 'message');
    expect(String(reply?.activity.text)).toContain('That button does nothing any more.');
    expect(sent(before).some((r) => r.method === 'PUT')).toBe(false);
  });

  it('offers "Show conversations" under a rate, and the card action lists them', async () => {
    let before = connector.requests.length;
    expect((await postActivity(server.url, teamsMessage('handoff support-bot 7d', { serviceUrl: connector.serviceUrl }))).status).toBe(200);
    const answer = sent(before).find((r) => r.method === 'POST' && r.activity.type === 'message');
    expect(JSON.stringify(cardOf(answer!.activity))).toContain(JSON.stringify({ action: 'drilldown.list', value: 'list support-bot 7d metric:handoff_rate' }).slice(1, -1));

    before = connector.requests.length;
    const press = teamsCardSubmit({ action: 'drilldown.list', value: 'list support-bot 7d metric:handoff_rate outcome:handoff' }, { serviceUrl: connector.serviceUrl, replyToId: '1700000000125' });
    expect((await postActivity(server.url, press)).status).toBe(200);
    const listed = sent(before).find((r) => r.method === 'POST' && r.activity.type === 'message');
    const texts = textsOf(cardOf(listed!.activity)).join(' ');
    expect(texts).toContain('Conversations — support-bot · counted in hand-off · outcome handoff');
    for (const id of ['c0', 'c1', 'c2']) expect(texts).toContain(id);
    expect(texts).not.toContain('c3');
  });
});

/** A signed link with its signature changed, or its expiry moved later, is refused (403). */
async function expectAlteredLinksRefused(url: URL): Promise<void> {
  const sig = url.searchParams.get('sig')!;
  const tampered = new URL(url);
  tampered.searchParams.set('sig', `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`);
  expect((await fetch(tampered)).status).toBe(403);
  const extended = new URL(url);
  extended.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 86_400));
  expect((await fetch(extended)).status).toBe(403);
}
