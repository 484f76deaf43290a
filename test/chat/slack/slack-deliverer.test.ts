import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../src/app/create-services.ts';
import type { Deliverer } from '../../../src/chat/deliver.ts';
import type { Destination } from '../../../src/chat/destination.ts';
import { buildSlackModule } from '../../../src/chat/slack/slack-module.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/log.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { chartFixtures } from '../../charts/chart-fixtures.ts';
import { decodePng } from '../../helpers/decode-png.ts';
import { SlackStandIn } from '../../helpers/slack-stand-in.ts';
import { openTestDatabase, testEngine } from '../../helpers/test-database.ts';
import type { TestDatabase } from '../../helpers/test-database.ts';

const onCall: Destination = { platform: 'slack', channelId: 'C0ONCALL', name: '#on-call' };
const fastRetries = { budgetMs: 2_000, maxAttempts: 3, baseDelayMs: 10 };

function alertReply(): Reply {
  const chart = chartFixtures().timeseries;
  chart.threshold = { value: 0.15, label: 'alert above 15 %' };
  return {
    kind: 'alert',
    title: 'Hand-off rate above 15 % — support-bot',
    subtitle: 'support-bot · last 1 hour',
    figures: [{ metric: 'handoff_rate', label: 'Human hand-off rate', unit: 'share', better: 'lower', value: 0.19, formatted: '19 %', note: '38 of 200' }],
    chart,
    notes: ['Threshold 15 % for 2 minutes.'],
    actions: [
      { id: 'alert.acknowledge', label: 'Acknowledge', value: 'rule-1:n-7', style: 'primary' },
      { id: 'alert.mute', label: 'Mute 1 h', value: 'rule-1:1h' },
    ],
  };
}

describe(`Slack deliverer for digests and alerts (${testEngine})`, () => {
  let t: TestDatabase;
  let standIn: SlackStandIn;
  let deliverer: Deliverer;

  /** The Slack module's deliverer over these settings (no server needed: digests and alerts call it directly). */
  function slackDeliverer(apiUrl: string): Deliverer {
    const config = loadConfig({ BOTWATCH_DATA_DIR: '/nonexistent', SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: standIn.botToken, SLACK_API_URL: apiUrl });
    const { services } = createServices(config, t.db, silentLogger);
    return buildSlackModule(services, { retryPolicy: fastRetries, fileReadyWaitsMs: [10, 20] })!.deliverer!;
  }

  beforeAll(async () => {
    t = await openTestDatabase();
    standIn = await SlackStandIn.start();
    deliverer = slackDeliverer(standIn.apiUrl);
  });
  afterAll(async () => {
    await standIn?.stop();
    await t?.close();
  });
  beforeEach(() => {
    standIn.calls.length = 0;
    standIn.messages.length = 0;
  });

  it('posts the reply with its chart as one message and returns its ts; inReplyTo posts in that thread', async () => {
    const result = await deliverer.deliver(onCall, alertReply());
    expect(result).toEqual({ ok: true, messageId: standIn.messages[0]!.ts });
    const message = standIn.messages[0]!;
    expect(message.channel).toBe('C0ONCALL');
    expect(message.threadTs).toBeUndefined();
    const image = message.blocks.find((b) => b.type === 'image') as { slack_file: { id: string } };
    expect(decodePng(standIn.uploads.get(image.slack_file.id)!.bytes!).width).toBeGreaterThan(0);
    expect(message.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: 'alert.acknowledge', value: 'rule-1:n-7' }, { action_id: 'alert.mute', value: 'rule-1:1h' }] });

    const recovered: Reply = { kind: 'alert', title: 'Recovered: hand-off rate back under 12 %', figures: [], notes: [] };
    const reply = await deliverer.deliver(onCall, recovered, { inReplyTo: message.ts });
    expect(reply.ok).toBe(true);
    expect(standIn.messages[1]).toMatchObject({ channel: 'C0ONCALL', threadTs: message.ts });
    expect(standIn.callsTo('chat.postMessage')[1]!.body.thread_ts).toBe(message.ts);
  });

  it.each(['not_in_channel', 'channel_not_found', 'is_archived', 'account_inactive'])('reports %s as gone: stop posting there', async (error) => {
    standIn.failNext('chat.postMessage', { error });
    const result = await deliverer.deliver(onCall, alertReply());
    expect(result).toMatchObject({ ok: false, kind: 'gone' });
    expect(result.ok === false && result.reason).toMatch(new RegExp(`^${error}: `));
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('retries 5xx within its bounds, then reports transient', async () => {
    standIn.failNext('chat.postMessage', { status: 503 }, { status: 503 }, { status: 503 });
    const result = await deliverer.deliver(onCall, { kind: 'digest', title: 'Daily digest', figures: [], notes: [] });
    expect(result).toMatchObject({ ok: false, kind: 'transient', reason: expect.stringMatching(/^http_503: /) });
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(fastRetries.maxAttempts);
  });

  it('reports a Retry-After longer than it may wait as transient, with the wait Slack asked for', async () => {
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const result = await deliverer.deliver(onCall, { kind: 'digest', title: 'Daily digest', figures: [], notes: [] });
    expect(result).toEqual({ ok: false, kind: 'transient', reason: 'ratelimited: Slack rate-limited botwatch', retryAfterSeconds: 30 });
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('delivers once after a short rate limit', async () => {
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const result = await deliverer.deliver(onCall, { kind: 'digest', title: 'Daily digest', figures: [], notes: [] });
    expect(result.ok).toBe(true);
    expect(standIn.messages).toHaveLength(1);
  });

  it('reports an unreachable Slack as transient', async () => {
    const unreachable = slackDeliverer('http://127.0.0.1:1/api/');
    const result = await unreachable.deliver(onCall, { kind: 'digest', title: 'Daily digest', figures: [], notes: [] });
    expect(result).toMatchObject({ ok: false, kind: 'transient', reason: expect.stringMatching(/^network: /) });
  });

  it('reports other refusals as failed', async () => {
    standIn.failNext('chat.postMessage', { error: 'invalid_arguments' });
    const result = await deliverer.deliver(onCall, alertReply());
    expect(result).toMatchObject({ ok: false, kind: 'failed', reason: 'invalid_arguments: Slack refused the message' });
  });

  it('still delivers the figures when the chart cannot be uploaded, saying so', async () => {
    standIn.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    const result = await deliverer.deliver(onCall, alertReply());
    expect(result.ok).toBe(true);
    const message = standIn.messages[0]!;
    expect(message.blocks.some((b) => b.type === 'image')).toBe(false);
    expect(JSON.stringify(message.blocks)).toContain('The chart could not be attached');
    expect(JSON.stringify(message.blocks)).toContain('19 %');
  });

  it('posts without the chart (and removes the upload) when Slack never finishes processing it', async () => {
    const notReady = { error: 'invalid_blocks', errors: ['invalid slack file [json-pointer:/blocks/3/slack_file]'] };
    standIn.failNext('chat.postMessage', notReady, notReady, notReady);
    const result = await deliverer.deliver(onCall, alertReply());
    expect(result.ok).toBe(true);
    expect(standIn.callsTo('chat.postMessage').map((c) => c.answer.ok)).toEqual([false, false, false, true]);
    expect(standIn.messages[0]!.blocks.some((b) => b.type === 'image')).toBe(false);
    expect(JSON.stringify(standIn.messages[0]!.blocks)).toContain('The chart could not be attached');
    expect(standIn.callsTo('files.delete')).toHaveLength(1);
  });

  it('refuses a destination of another platform', async () => {
    const result = await deliverer.deliver({ platform: 'teams', channelId: '19:abc' }, alertReply());
    expect(result).toMatchObject({ ok: false, kind: 'failed' });
    expect(standIn.calls).toEqual([]);
  });
});
