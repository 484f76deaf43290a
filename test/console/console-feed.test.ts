import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsModule } from '../../src/alerts/alerts-module.ts';
import { moduleFactories } from '../../src/app/modules.ts';
import { consoleAsker } from '../../src/console/console-api.ts';
import { localDestination } from '../../src/console/console-deliverer.ts';
import type { FeedChange, FeedEntry, Vocabulary } from '../../src/console/feed-entry.ts';
import { loadConfig } from '../../src/config.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { startBotwatch } from '../../src/serve.ts';
import type { RunningBotwatch } from '../../src/serve.ts';
import { at, event } from '../helpers/events.ts';
import { openEventStream } from '../helpers/sse-client.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
let app: RunningBotwatch;
let base: string;
const now = new Date('2026-11-10T12:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  const start = '2026-11-10T09:00:00Z';
  const events = Array.from({ length: 12 }, (_, i) => [
    event('conversation.started', { botId: 'shop-bot', conversationId: `c${i}`, timestamp: at(start, i * 10) }),
    event('message.received', { botId: 'shop-bot', conversationId: `c${i}`, timestamp: at(start, i * 10 + 1) }),
    ...(i % 4 === 0 ? [event('handoff', { botId: 'shop-bot', conversationId: `c${i}`, timestamp: at(start, i * 10 + 2) })] : []),
  ]).flat();
  await storeEvents(t.db, validateEvents(events, { storeMessageText: false, now }).rows);
  app = await startBotwatch(loadConfig({ PORT: '0', BOTWATCH_DATA_DIR: '/nonexistent' }), silentLogger, { db: t.db, now: () => now, modules: moduleFactories });
  // An alert rule on the console channel, fired by one evaluation: 3 of 12 conversations handed off.
  const added = await app.services.answer('alert add handoff_rate above 20% shop-bot window:6h min:5 for:0m', consoleAsker);
  expect(added.title).toMatch(/Alert #\d+ added/);
  await (app.modules.find((m) => m.name === 'alerts') as AlertsModule).evaluator.tick();
  base = `http://127.0.0.1:${app.server.port}`;
});
afterAll(async () => {
  await app?.stop();
  if (app === undefined) await t?.close();
});

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as FeedChange & { error?: string } };
};
const entryOf = (data: string) => JSON.parse(data) as FeedEntry;

describe(`the console's feed (${testEngine})`, () => {
  it('streams a reply delivered to the console to a connected browser, with its chart, and keeps it for the next one', async () => {
    const stream = await openEventStream(`${base}/console/events`);
    try {
      expect(stream.contentType).toBe('text/event-stream; charset=utf-8');
      const reply = await app.services.answer('handoff shop-bot 24h', undefined);
      const digest: Reply = { ...reply, kind: 'digest', title: 'Daily digest — shop-bot' };
      const delivered = await app.services.deliverers.console!.deliver(localDestination, digest);
      expect(delivered).toEqual({ ok: true, messageId: expect.stringMatching(/^m\d+$/) });
      const received = entryOf((await stream.next((e) => e.event === 'entry' && e.data.includes('Daily digest'))).data);
      expect(received).toMatchObject({ id: delivered.ok ? delivered.messageId : '', author: 'botwatch', origin: 'delivery', reply: { kind: 'digest', title: 'Daily digest — shop-bot' } });
      expect(received.chart?.url).toMatch(/^\/charts\/[\w-]+\.png\?exp=\d+&sig=[\w-]+$/);
      const image = await fetch(`${base}${received.chart!.url}`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');

      // A thread reply (an alert's recovery) names the message it answers.
      const recovery = await app.services.deliverers.console!.deliver(localDestination, { kind: 'alert', title: 'Recovered', figures: [], notes: [] }, { inReplyTo: received.id });
      expect(recovery.ok).toBe(true);
      expect(entryOf((await stream.next((e) => e.data.includes('"Recovered"'))).data).inReplyTo).toBe(received.id);
    } finally {
      await stream.close();
    }
    const later = await openEventStream(`${base}/console/events`);
    try {
      await later.next((e) => e.event === 'entry' && e.data.includes('Daily digest'));
    } finally {
      await later.close();
    }
  });

  it('answers a console destination other than "local" as gone', async () => {
    const result = await app.services.deliverers.console!.deliver({ platform: 'console', channelId: 'elsewhere' }, { kind: 'info', title: 'x', figures: [], notes: [] });
    expect(result).toMatchObject({ ok: false, kind: 'gone' });
  });

  it('answers a typed command with the question and the reply, both posted to the feed', async () => {
    const { status, body } = await post('/console/ask', { text: '/botwatch summary shop-bot 24h' });
    expect(status).toBe(200);
    const [question, answer] = body.entries;
    expect(question).toMatchObject({ author: 'you', origin: 'command', text: '/botwatch summary shop-bot 24h' });
    expect(answer).toMatchObject({ author: 'botwatch', origin: 'command', reply: { kind: 'result', title: 'Summary — shop-bot' } });
    expect(answer?.reply?.figures.find((f) => f.metric === 'handoff_rate')?.formatted).toBe('25 %');
    expect(answer?.chart?.width).toBeGreaterThan(0);
    expect(answer?.onlyYou).toBeUndefined();

    const mistake = await post('/console/ask', { text: 'handof shop-bot' });
    expect(mistake.body.entries[1]).toMatchObject({ onlyYou: true, reply: { kind: 'error', title: expect.stringContaining('did you mean handoff_rate?') } });
  });

  it('presses a button through the module that owns it, updates the message, and streams the update', async () => {
    const stream = await openEventStream(`${base}/console/events`);
    try {
      const alert = entryOf((await stream.next((e) => e.event === 'entry' && e.data.includes('"kind":"alert"') && e.data.includes('alert.acknowledge'))).data);
      const value = alert.reply?.actions?.find((a) => a.id === 'alert.acknowledge')?.value ?? '';
      expect(value).toMatch(/^\d+:\d+$/); // rule:episode
      expect((await post('/console/action', { messageId: 'm9999', actionId: 'alert.acknowledge', value })).status).toBe(404);
      expect((await post('/console/action', { messageId: alert.id, actionId: 'alert.acknowledge', value: 'another-rule' })).status).toBe(400);

      const pressed = await post('/console/action', { messageId: alert.id, actionId: 'alert.acknowledge', value });
      expect(pressed.status).toBe(200);
      expect(pressed.body.updated).toMatchObject({ id: alert.id, revision: 2, reply: { actions: [{ id: 'alert.mute' }] } });
      expect(pressed.body.updated?.reply?.notes[0]).toMatch(/^Acknowledged by local at /);
      expect(pressed.body.updated?.chart).toEqual(alert.chart); // same chart: not drawn again
      expect(pressed.body.entries[0]).toMatchObject({ origin: 'action', inReplyTo: alert.id, onlyYou: true, reply: { title: expect.stringMatching(/^Alert #\d+ acknowledged$/) } });
      const update = entryOf((await stream.next((e) => e.event === 'update' && e.data.includes(`"id":"${alert.id}"`))).data);
      expect(update.revision).toBe(2);
      // The button is gone from the kept message: pressing it again is refused.
      expect((await post('/console/action', { messageId: alert.id, actionId: 'alert.acknowledge', value })).status).toBe(400);
    } finally {
      await stream.close();
    }
  });

  it('names what is wrong with a bad request', async () => {
    expect(await post('/console/ask', { text: '' })).toEqual({ status: 400, body: { error: 'text: type a command' } });
    expect(await post('/console/ask', { words: 'bots' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^text: /) } });
    const notJson = await fetch(`${base}/console/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(notJson.status).toBe(400);
  });

  it('offers the commands, the metric catalog and the bots that sent events for completion', async () => {
    const vocabulary = (await (await fetch(`${base}/console/vocabulary`)).json()) as Vocabulary;
    expect(vocabulary.commands).toEqual(expect.arrayContaining(['summary', 'funnel', 'alert', 'digest', 'help']));
    expect(vocabulary.metrics.find((m) => m.id === 'handoff_rate')?.aliases).toContain('handoff');
    expect(vocabulary.bots).toEqual(['shop-bot']);
    expect(vocabulary.groupings).toContain('day');
  });

  it('serves the page and its bundled script', async () => {
    const page = await fetch(`${base}/`);
    expect(await page.text()).toContain('<script type="module" src="/console/app.js">');
    const script = await fetch(`${base}/console/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('/console/events');
    const status: unknown = await (await fetch(`${base}/console/status`)).json();
    expect(status).toEqual({ demo: null });
  });
});
