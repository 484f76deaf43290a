import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BotwatchServices } from '../../../src/app/services.ts';
import { storeEvents } from '../../../src/events/store-events.ts';
import { validateEvents } from '../../../src/events/validate-events.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { decodePng } from '../../helpers/decode-png.ts';
import { at, event } from '../../helpers/events.ts';
import { recordingLogger, startSlackBotwatch } from '../../helpers/slack-botwatch.ts';
import type { SlackBotwatch } from '../../helpers/slack-botwatch.ts';
import { postSignedToSlackEvents, slashCommandBody, testSigningSecret } from '../../helpers/slack-requests.ts';
import { SlackStandIn } from '../../helpers/slack-stand-in.ts';
import type { PostedMessage } from '../../helpers/slack-stand-in.ts';
import { openTestDatabase, testEngine } from '../../helpers/test-database.ts';
import type { TestDatabase } from '../../helpers/test-database.ts';

const now = new Date('2026-11-11T00:00:00Z');

/** 8 settled conversations of test-bot on 10 November, 2 of them handed off to a person. */
async function seed(t: TestDatabase): Promise<void> {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < 8; i++) {
    const base = at('2026-11-10T09:00:00Z', i * 30);
    const c = { botId: 'test-bot', conversationId: `conv-${i}`, userId: `u${i}`, channel: 'web' };
    events.push(event('message.received', { ...c, timestamp: base }));
    events.push(event('message.sent', { ...c, timestamp: at(base, 1), latencyMs: 800, expectsReply: true }));
    events.push(event('message.received', { ...c, timestamp: at(base, 2) }));
    if (i < 2) events.push(event('handoff', { ...c, timestamp: at(base, 3) }));
    events.push(event('conversation.ended', { ...c, timestamp: at(base, 4) }));
  }
  const { rows, rejected } = validateEvents(events, { storeMessageText: false, now });
  expect(rejected).toEqual([]);
  await storeEvents(t.db, rows);
}

/** Every piece of text in a message's blocks, joined (what a reader sees, roughly). */
function blockText(blocks: readonly Record<string, unknown>[]): string {
  return JSON.stringify(blocks);
}

/** A gate that holds `answer` for commands containing `word` until opened. */
function gatedAnswer(word: string): { wrap: (s: BotwatchServices) => BotwatchServices; open: () => void; reached: Promise<void> } {
  let open!: () => void;
  let reach!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return {
    open,
    reached,
    wrap: (services) => ({
      ...services,
      async answer(text, asker): Promise<Reply> {
        if (text.includes(word)) {
          reach();
          await opened;
        }
        return services.answer(text, asker);
      },
    }),
  };
}

describe(`Slack: /botwatch over HTTP (${testEngine})`, () => {
  let t: TestDatabase;
  let standIn: SlackStandIn;
  let botwatch: SlackBotwatch;
  const logger = recordingLogger();

  beforeAll(async () => {
    t = await openTestDatabase();
    await seed(t);
    standIn = await SlackStandIn.start();
    botwatch = await startSlackBotwatch(t.db, standIn, { now: () => now, logger, env: { SLACK_ADMIN_USER_IDS: 'U0ANA' } });
  });
  afterAll(async () => {
    await botwatch?.stop();
    await standIn?.stop();
    await t?.close();
  });
  beforeEach(() => {
    standIn.calls.length = 0;
    standIn.messages.length = 0;
    standIn.responses.length = 0;
    standIn.uploads.clear();
    logger.records.length = 0;
  });

  const command = (text: string, fields: Partial<Parameters<typeof slashCommandBody>[0]> = {}) =>
    postSignedToSlackEvents(botwatch.url, slashCommandBody({ text, responseUrl: standIn.responseUrl(), ...fields }));

  it('acknowledges a signed /botwatch summary, then posts the figures and the chart to its channel as one message', async () => {
    const acked = await command('summary test-bot 7d', { channelId: 'C0METRICS' });
    expect(acked).toEqual({ status: 200, body: '' });

    const message = await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0METRICS'));
    const methods = standIn.calls.map((c) => c.method);
    expect(methods).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal', 'chat.postMessage']);
    expect(standIn.calls.every((c) => c.method === 'upload' || c.token === standIn.botToken)).toBe(true);

    const shown = blockText(message.blocks);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Summary — test-bot' } });
    expect(shown).toMatch(/\*Conversation volume\*\\n8\b/);
    expect(shown).toMatch(/\*Human hand-off rate\*\\n25 %/);
    expect(shown).toContain('2 of 8');
    expect(message.text).toContain('Human hand-off rate: 25 %');

    const [upload] = [...standIn.uploads.values()];
    const image = message.blocks.find((b) => b.type === 'image');
    expect(image).toMatchObject({ slack_file: { id: upload!.fileId } });
    expect(typeof image?.alt_text).toBe('string');
    expect(image?.alt_text).toBe(upload!.altText);
    const png = decodePng(upload!.bytes!);
    expect(png.width).toBeGreaterThan(200);
    expect(png.height).toBeGreaterThan(100);
    expect(standIn.callsTo('files.getUploadURLExternal')[0]!.body.length).toBe(String(upload!.bytes!.length));
    expect(standIn.responses).toEqual([]);
  });

  it('shares the table of an answer as a .csv file in its thread (files v2), with raw numbers', async () => {
    await command('handoff test-bot 7d by:day', { channelId: 'C0CSV' });
    const message = await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0CSV' && m.threadTs === undefined));
    const shared = await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0CSV' && m.threadTs === message.ts));
    expect(shared.threadTs).toBe(message.ts);
    const complete = standIn.callsTo('files.completeUploadExternal').find((c) => c.body.channel_id === 'C0CSV')!;
    expect(complete.body.thread_ts).toBe(message.ts);
    const csvUpload = [...standIn.uploads.values()].find((u) => u.filename.endsWith('.csv'))!;
    expect(csvUpload).toMatchObject({ filename: 'human-hand-off-rate-test-bot.csv', completed: true, deleted: false });
    const records = parse<Record<string, string>>(csvUpload.bytes!.toString('utf8'), { columns: true });
    const day = records.find((r) => r.Day === '2026-11-10T00:00:00.000Z')!;
    // 2 of the 8 conversations on 10 November were handed off.
    expect(day).toMatchObject({ Numerator: '2', Denominator: '8' });
    expect(Number(Object.values(day)[1])).toBe(0.25);
  });

  it('refuses a bad signature and a stale or future timestamp with 401, and posts nothing for them', async () => {
    const body = slashCommandBody({ text: 'summary test-bot 7d', responseUrl: standIn.responseUrl('forged') });
    expect((await postSignedToSlackEvents(botwatch.url, body, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await postSignedToSlackEvents(botwatch.url, body, { signature: 'v0=00' })).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postSignedToSlackEvents(botwatch.url, body, { secret: testSigningSecret, timestamp: sixMinutesAgo })).status).toBe(401);
    const anHourAhead = Math.floor(Date.now() / 1000) + 60 * 60;
    expect((await postSignedToSlackEvents(botwatch.url, body, { secret: testSigningSecret, timestamp: anHourAhead })).status).toBe(401);
    const deep = new URLSearchParams({ payload: `{"type":"block_actions","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}` }).toString();
    expect((await postSignedToSlackEvents(botwatch.url, deep, { secret: testSigningSecret })).status).toBe(400);

    // A genuine command afterwards is answered; by then the refused ones would have been too.
    await command('summary test-bot 7d', { channelId: 'C0AFTER' });
    await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0AFTER'));
    expect(standIn.messages.map((m) => m.channel)).toEqual(['C0AFTER']);
    expect(standIn.responses).toEqual([]);
  });

  it('answers a typo with help only for the person who typed it, and posts nothing to the channel', async () => {
    expect((await command('handof test-bot', { channelId: 'C0METRICS' })).status).toBe(200);
    const response = await standIn.waitFor(() => standIn.responses[0]);
    expect(response.body.response_type).toBe('ephemeral');
    expect(response.body.text).toContain('did you mean handoff_rate?');
    expect(JSON.stringify(response.body.blocks)).toContain('```\\n/botwatch summary');
    expect(standIn.callsTo('chat.postMessage')).toEqual([]);
    expect(standIn.messages).toEqual([]);
  });

  it('in a channel botwatch is not in, gives the person their answer privately with how to invite it', async () => {
    standIn.removeBotFrom('C0NOTIN');
    await command('summary test-bot 7d', { channelId: 'C0NOTIN' });
    const response = await standIn.waitFor(() => standIn.responses[0]);
    expect(response.body.response_type).toBe('ephemeral');
    const blocks = response.body.blocks as Record<string, unknown>[];
    expect(JSON.stringify(blocks[0])).toContain('/invite @botwatch');
    expect(JSON.stringify(blocks[0])).toContain(`<@${standIn.botUserId}>`);
    expect(blockText(blocks)).toMatch(/\*Human hand-off rate\*\\n25 %/);
    expect(standIn.messages).toEqual([]);
    // The chart uploaded for the refused message is not left behind in the bot's files.
    expect([...standIn.uploads.values()].filter((u) => !u.deleted)).toEqual([]);
  });

  it('waits out a 429 with Retry-After: 1 and delivers the answer once', async () => {
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await command('summary test-bot 7d', { channelId: 'C0BUSY' });
    await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0BUSY'));
    expect(standIn.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(standIn.messages).toHaveLength(1);
    expect(standIn.responses).toEqual([]);
  });

  it('tells the person when Slack refuses the answer, and logs why with its context', async () => {
    standIn.failNext('chat.postMessage', { error: 'msg_too_long' });
    await command('summary test-bot 7d', { channelId: 'C0REFUSE', userId: 'U0ANA' });
    const response = await standIn.waitFor(() => standIn.responses[0]);
    expect(response.body.response_type).toBe('ephemeral');
    expect(response.body.text).toContain('msg_too_long');
    expect(standIn.messages).toEqual([]);
    const logged = logger.records.find((r) => r.level === 'error' && r.message === 'Slack refused an answer');
    expect(logged?.fields).toMatchObject({ module: 'slack', channel: 'C0REFUSE', user: 'U0ANA', command: 'summary test-bot 7d', code: 'msg_too_long' });
  });

  it('refuses alert add to someone not in SLACK_ADMIN_USER_IDS, saying why, and lets an admin through', async () => {
    await command('alert add handoff above 20% test-bot', { userId: 'U0BOB', channelId: 'C0ONCALL' });
    const refusal = await standIn.waitFor(() => standIn.responses[0]);
    expect(refusal.body.response_type).toBe('ephemeral');
    expect(refusal.body.text).toContain('Only botwatch admins can alert add');
    expect(JSON.stringify(refusal.body.blocks)).toContain('SLACK_ADMIN_USER_IDS');
    expect(JSON.stringify(refusal.body.blocks)).toContain('U0BOB');

    await command('alert add handoff above 20% test-bot', { userId: 'U0ANA', channelId: 'C0ONCALL' });
    const admitted = await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0ONCALL') ?? standIn.responses[1]);
    expect(JSON.stringify(admitted)).not.toContain('Only botwatch admins');
  });

  it('shows a chart Slack is still processing once it is ready, in the same message', async () => {
    standIn.failNext('chat.postMessage', { error: 'invalid_blocks', errors: ['invalid slack file [json-pointer:/blocks/5/slack_file]'] });
    await command('summary test-bot 7d', { channelId: 'C0SLOWFILE' });
    const message: PostedMessage = await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0SLOWFILE'));
    expect(message.blocks.some((b) => b.type === 'image')).toBe(true);
    expect(standIn.callsTo('chat.postMessage').map((c) => c.answer.ok)).toEqual([false, true]);
    expect(standIn.callsTo('files.getUploadURLExternal')).toHaveLength(1);
  });
});

describe(`Slack: acknowledging does not wait for answers (${testEngine})`, () => {
  let t: TestDatabase;
  let standIn: SlackStandIn;
  let botwatch: SlackBotwatch;
  const gate = gatedAnswer('slow-one');

  beforeAll(async () => {
    t = await openTestDatabase();
    await seed(t);
    standIn = await SlackStandIn.start();
    botwatch = await startSlackBotwatch(t.db, standIn, { now: () => now, services: gate.wrap });
  });
  afterAll(async () => {
    gate.open();
    await botwatch?.stop();
    await standIn?.stop();
    await t?.close();
  });

  it('acknowledges and answers other commands while a slow query is still running', async () => {
    const slow = slashCommandBody({ text: 'summary test-bot 7d tz:UTC version:slow-one', channelId: 'C0SLOW', responseUrl: standIn.responseUrl() });
    // The slow command's answer cannot finish until the gate opens, yet Slack gets its 200.
    expect((await postSignedToSlackEvents(botwatch.url, slow)).status).toBe(200);
    await gate.reached;

    const quick = slashCommandBody({ text: 'summary test-bot 7d', channelId: 'C0QUICK', responseUrl: standIn.responseUrl() });
    expect((await postSignedToSlackEvents(botwatch.url, quick)).status).toBe(200);
    await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0QUICK'));
    expect(standIn.messages.map((m) => m.channel)).toEqual(['C0QUICK']);

    gate.open();
    await standIn.waitFor(() => standIn.messages.find((m) => m.channel === 'C0SLOW'));
  });
});
