import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModuleFactory } from '../../../src/app/module.ts';
import type { ActionOutcome } from '../../../src/chat/actions.ts';
import type { Asker } from '../../../src/chat/destination.ts';
import type { Action, Reply } from '../../../src/replies/reply.ts';
import { storeEvents } from '../../../src/events/store-events.ts';
import { validateEvents } from '../../../src/events/validate-events.ts';
import { chartFixtures } from '../../charts/chart-fixtures.ts';
import { catalogFixture, fixtureNow } from '../../fixtures/metrics/catalog-fixture.ts';
import { startSlackBotwatch } from '../../helpers/slack-botwatch.ts';
import type { SlackBotwatch } from '../../helpers/slack-botwatch.ts';
import { buttonPressBody, postSignedToSlackEvents } from '../../helpers/slack-requests.ts';
import { SlackStandIn } from '../../helpers/slack-stand-in.ts';
import type { PostedMessage } from '../../helpers/slack-stand-in.ts';
import { openTestDatabase, testEngine } from '../../helpers/test-database.ts';
import type { TestDatabase } from '../../helpers/test-database.ts';

const firing: Reply = {
  kind: 'alert',
  title: 'Hand-off rate above 15 % — support-bot',
  figures: [{ metric: 'handoff_rate', label: 'Human hand-off rate', unit: 'share', better: 'lower', value: 0.19, formatted: '19 %' }],
  chart: chartFixtures().timeseries,
  notes: [],
  actions: [
    { id: 'alert.acknowledge', label: 'Acknowledge', value: 'rule-1:n-7', style: 'primary' },
    { id: 'alert.mute', label: 'Mute 1 h', value: 'rule-1:1h' },
  ],
};

describe(`Slack: buttons in botwatch messages (${testEngine})`, () => {
  let t: TestDatabase;
  let standIn: SlackStandIn;
  let botwatch: SlackBotwatch;
  const presses: { action: Pick<Action, 'id' | 'value'>; asker: Asker }[] = [];

  /** Stands in for the alerts module: it owns `alert.acknowledge` (and, here, not `alert.mute`). */
  const alertsModule: ModuleFactory = () => ({
    name: 'alerts (test)',
    actions: {
      'alert.acknowledge': (action, asker): Promise<ActionOutcome> => {
        presses.push({ action, asker });
        return Promise.resolve({
          reply: { kind: 'info', title: 'Acknowledged — you are on it.', figures: [], notes: [] },
          updatedMessage: { ...firing, title: `${firing.title} — acknowledged by ${asker.displayName ?? asker.userId}`, actions: [] },
        });
      },
    },
  });

  beforeAll(async () => {
    t = await openTestDatabase();
    standIn = await SlackStandIn.start();
    botwatch = await startSlackBotwatch(t.db, standIn, { env: { SLACK_ADMIN_USER_IDS: 'U0ANA' }, modules: [alertsModule] });
    await storeEvents(botwatch.app.services.db, validateEvents(catalogFixture, { storeMessageText: false, now: fixtureNow }).rows);
  });
  afterAll(async () => {
    await botwatch?.stop();
    await standIn?.stop();
    await t?.close();
  });
  beforeEach(() => {
    presses.length = 0;
    standIn.responses.length = 0;
  });

  async function postAlert(): Promise<PostedMessage> {
    const result = await botwatch.app.services.deliverers.slack!.deliver({ platform: 'slack', channelId: 'C0ONCALL' }, firing);
    if (!result.ok) throw new Error(result.reason);
    return standIn.messages.find((m) => m.ts === result.messageId)!;
  }

  it('routes a press to the handler registered for its action id, answers the presser privately and updates the message', async () => {
    const message = await postAlert();
    const press = buttonPressBody({ actionId: 'alert.acknowledge', value: 'rule-1:n-7', userId: 'U0ANA', channelId: 'C0ONCALL', messageTs: message.ts, messageBlocks: message.blocks, responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, press)).status).toBe(200);

    const answer = await standIn.waitFor(() => standIn.responses[0]);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Acknowledged — you are on it.' });
    expect(presses).toEqual([
      { action: { id: 'alert.acknowledge', value: 'rule-1:n-7' }, asker: { platform: 'slack', userId: 'U0ANA', displayName: 'ana', isAdmin: true, destination: { platform: 'slack', channelId: 'C0ONCALL', workspaceId: 'T0STANDIN', name: '#on-call' } } },
    ]);

    expect(message.updates).toBe(1);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: `${firing.title} — acknowledged by ana` } });
    const image = message.blocks.find((b) => b.type === 'image') as { slack_file: { id: string } } | undefined;
    expect(image?.slack_file.id).toBe([...standIn.uploads.keys()].at(-1));
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('tells the presser when nothing handles the button, and leaves the message as it was', async () => {
    const message = await postAlert();
    const press = buttonPressBody({ actionId: 'alert.mute', value: 'rule-1:1h', userId: 'U0BOB', channelId: 'C0ONCALL', messageTs: message.ts, messageBlocks: message.blocks, responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, press)).status).toBe(200);
    const answer = await standIn.waitFor(() => standIn.responses[0]);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: 'That button does nothing any more.' });
    expect(JSON.stringify(answer.body.blocks)).toContain('alert.mute');
    expect(presses).toEqual([]);
    expect(message.updates).toBe(0);
  });

  it('refuses a press with a bad signature', async () => {
    const message = await postAlert();
    const press = buttonPressBody({ actionId: 'alert.acknowledge', value: 'rule-1:n-7', messageTs: message.ts, responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, press, { secret: 'forged' })).status).toBe(401);
    expect(presses).toEqual([]);
  });

  it('offers "Show conversations" under a rate, and the button lists them to the presser', async () => {
    const reply = await botwatch.app.services.answer('handoff fx 2026-11-10');
    expect(reply.actions).toEqual([{ id: 'drilldown.list', label: 'Show conversations', value: 'list fx 2026-11-10 metric:handoff_rate' }]);
    const result = await botwatch.app.services.deliverers.slack!.deliver({ platform: 'slack', channelId: 'C0ONCALL' }, reply);
    if (!result.ok) throw new Error(result.reason);
    const message = standIn.messages.find((m) => m.ts === result.messageId)!;
    expect(JSON.stringify(message.blocks)).toContain('"action_id":"drilldown.list"');

    const press = buttonPressBody({ actionId: 'drilldown.list', value: 'list fx 2026-11-10 metric:handoff_rate', userId: 'U0BOB', channelId: 'C0ONCALL', messageTs: message.ts, messageBlocks: message.blocks, responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, press)).status).toBe(200);
    const answer = await standIn.waitFor(() => standIn.responses[0]);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Conversations — fx · counted in hand-off\n.*\nMatching conversations: 6$/) });
    const listed = JSON.stringify(answer.body.blocks);
    for (const id of ['A', 'B', 'C', 'D', 'E', 'G']) expect(listed).toMatch(new RegExp(`\\b${id}\\b`));
    expect(message.updates).toBe(0);

    // The list's table as CSV, in the thread of the message whose button was pressed (files v2).
    const shared = await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0ONCALL' && m.threadTs === message.ts));
    expect(shared.threadTs).toBe(message.ts);
    const complete = standIn.callsTo('files.completeUploadExternal').find((c) => c.body.thread_ts === message.ts)!;
    expect(complete.body.channel_id).toBe('C0ONCALL');
    const csv = [...standIn.uploads.values()].find((u) => u.filename.endsWith('.csv'))!;
    expect(csv).toMatchObject({ filename: 'conversations-fx-counted-in-hand-off.csv', completed: true, deleted: false });
    const records = parse<Record<string, string>>(csv.bytes!.toString('utf8'), { columns: true });
    expect(records.map((r) => r.Conversation).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'G']);
  });

  it('shares the CSV of a press on a message in a thread in that thread, and none for an answer without a table', async () => {
    const message = await postAlert();
    const uploads = standIn.uploads.size;
    const acknowledge = buttonPressBody({ actionId: 'alert.acknowledge', value: 'rule-1:n-7', userId: 'U0ANA', channelId: 'C0ONCALL', messageTs: message.ts, messageBlocks: message.blocks, responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, acknowledge)).status).toBe(200);
    await standIn.waitFor(() => standIn.responses[0]);

    const press = buttonPressBody({ actionId: 'drilldown.list', value: 'list fx 2026-11-10 outcome:handoff', userId: 'U0BOB', channelId: 'C0ONCALL', messageTs: '1700000001.000200', threadTs: message.ts, responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, press)).status).toBe(200);
    const shared = await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0ONCALL' && m.threadTs === message.ts));
    expect(shared.threadTs).toBe(message.ts);
    // One upload: the list's CSV; the acknowledgement (no table) shared nothing.
    expect([...standIn.uploads.values()].slice(uploads).map((u) => u.filename)).toEqual(['conversations-fx-outcome-handoff.csv']);
  });

  it('refuses a "Show conversations" press whose value is not a list command', async () => {
    const message = await postAlert();
    const press = buttonPressBody({ actionId: 'drilldown.list', value: 'alert remove 1', userId: 'U0BOB', channelId: 'C0ONCALL', messageTs: message.ts, messageBlocks: message.blocks, responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, press)).status).toBe(200);
    const answer = await standIn.waitFor(() => standIn.responses[0]);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: 'That button could not be read.' });
  });
});
