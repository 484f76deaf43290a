import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsModule } from '../../src/alerts/alerts-module.ts';
import { createAlertsModule } from '../../src/alerts/alerts-module.ts';
import { createDigestsModule } from '../../src/digests/digests-module.ts';
import { addHandoffSpike, TestClock } from '../helpers/alerts-harness.ts';
import { startSlackBotwatch } from '../helpers/slack-botwatch.ts';
import type { SlackBotwatch } from '../helpers/slack-botwatch.ts';
import { buttonPressBody, postSignedToSlackEvents, slashCommandBody } from '../helpers/slack-requests.ts';
import { SlackStandIn } from '../helpers/slack-stand-in.ts';
import type { PostedMessage } from '../helpers/slack-stand-in.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

/**
 * Digests and alerts end to end through the real Slack module: commands typed in Slack (signed
 * slash commands), what reached the Slack Web API stand-in, and a button pressed on the alert.
 */
describe(`digests and alerts in Slack (${testEngine})`, () => {
  let t: TestDatabase;
  let standIn: SlackStandIn;
  let botwatch: SlackBotwatch;
  const clock = new TestClock(new Date('2026-11-10T12:00:00Z'));

  beforeAll(async () => {
    t = await openTestDatabase();
    standIn = await SlackStandIn.start();
    botwatch = await startSlackBotwatch(t.db, standIn, {
      env: { SLACK_ADMIN_USER_IDS: 'U0ANA' },
      now: clock.now,
      modules: [(services) => createDigestsModule(services), createAlertsModule],
    });
    await addHandoffSpike(t.db);
  });
  afterAll(async () => {
    await botwatch?.stop();
    await standIn?.stop();
    await t?.close();
  });

  /** Types `/botwatch <text>` in a channel as a user, and waits until the answer arrived. */
  async function type(text: string, channelId: string, userId = 'U0ANA'): Promise<void> {
    const before = standIn.messages.length + standIn.responses.length;
    const res = await postSignedToSlackEvents(botwatch.url, slashCommandBody({ text, userId, channelId, responseUrl: standIn.responseUrl() }));
    expect(res.status).toBe(200);
    await standIn.waitFor(() => standIn.messages.length + standIn.responses.length > before);
  }
  const inChannel = (channel: string) => standIn.messages.filter((m) => m.channel === channel && m.user === undefined);
  const header = (m: PostedMessage) => (m.blocks[0] as { text?: { text?: string } } | undefined)?.text?.text ?? '';

  it('subscribes a channel to a digest, previews it privately and posts it there with its chart', async () => {
    await type('digest add daily 09:00 tz:UTC support-bot', 'C0OPS');
    const [sub] = await t.db.query<{ id: number }>('SELECT id FROM digest_subscriptions');
    expect(sub).toBeDefined();

    const posted = inChannel('C0OPS').length;
    await type('digest preview', 'C0OPS');
    expect(inChannel('C0OPS')).toHaveLength(posted); // nothing posted to the channel…
    const preview = standIn.responses.at(-1)!;
    expect(preview.body).toMatchObject({ response_type: 'ephemeral' }); // …only shown to the asker
    expect(JSON.stringify(preview.body)).toContain('Preview');

    await type(`digest send ${sub!.id}`, 'C0OPS');
    const digest = await standIn.waitFor(() => inChannel('C0OPS').find((m) => header(m).startsWith('Daily digest')));
    expect(JSON.stringify(digest.blocks)).toContain('40'); // yesterday's 40 conversations
    const image = digest.blocks.find((b) => b.type === 'image') as { slack_file?: { id: string }; alt_text?: string } | undefined;
    expect(image?.slack_file?.id).toBeDefined();
    expect(image?.alt_text).toMatch(/digest/i);
  });

  it('refuses a non-admin who tries to add an alert, then notifies the on-call channel once with buttons, and Acknowledge updates it', async () => {
    await type('alert add handoff_rate above 20% support-bot for:0m min:10', 'C0ONCALL', 'U0BOB');
    await standIn.waitFor(() => standIn.responses.find((r) => JSON.stringify(r.body).includes('Only botwatch admins can alert add')));

    await type('alert add handoff_rate above 20% support-bot for:0m min:10', 'C0ONCALL');
    await standIn.waitFor(() => inChannel('C0ONCALL').find((m) => /Alert #\d+ added/.test(header(m))));
    const alerts = botwatch.app.modules.find((m) => m.name === 'alerts') as AlertsModule;
    await alerts.evaluator.tick();
    await alerts.evaluator.tick();
    const notifications = inChannel('C0ONCALL').filter((m) => JSON.stringify(m.blocks).includes('alert.acknowledge'));
    expect(notifications).toHaveLength(1);
    const firing = notifications[0]!;
    expect(JSON.stringify(firing.blocks)).toContain('20 of 40');
    const actions = firing.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
    const ack = actions.elements.find((e) => e.action_id === 'alert.acknowledge')!;

    const press = buttonPressBody({ actionId: ack.action_id, value: ack.value, userId: 'U0BOB', channelId: 'C0ONCALL', messageTs: firing.ts, messageBlocks: firing.blocks, responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, press)).status).toBe(200);
    await standIn.waitFor(() => firing.updates > 0);
    expect(JSON.stringify(firing.blocks)).toMatch(/Acknowledged by/i);
  });
});
