import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RasaModule, RasaModuleTuning } from '../../src/intake/rasa/rasa-module.ts';
import { importPlatformFile } from '../helpers/import-platform.ts';
import { closeConnectionFromBroker, connectionPid, RasaPublisher, rabbitHost, rabbitPort, rabbitUrl, waitUntil } from '../helpers/rasa-publisher.ts';
import { startRasaServer, storedEvents, summaryFigures } from '../helpers/rasa-live.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import type { TestServer } from '../helpers/test-server.ts';

const moodbot = new URL('../fixtures/import/real/rasa/tracker_moodbot.json', import.meta.url);
// `rasa export` lines: senders alice (two sessions) and bob, forms, a click, a hand-off (52 events).
const exported = fs.readFileSync(new URL('../fixtures/import/rasa/export.jsonl', import.meta.url), 'utf8').split('\n').filter((l) => l.trim() !== '');

let t: TestDatabase;
const running: { server: TestServer; rasa: RasaModule; publisher: RasaPublisher }[] = [];
beforeAll(async () => {
  t = await openTestDatabase();
});
afterEach(async () => {
  for (const { server, rasa, publisher } of running.splice(0)) {
    await rasa.stop?.();
    await server.stop();
    await publisher.close();
  }
});
afterAll(() => t?.close());

/** botwatch serving `t.db` with only the Rasa module, consuming a fresh queue the publisher fills like Rasa. */
async function startConsuming(botId: string, options: { url?: string; tuning?: RasaModuleTuning } = {}) {
  const publisher = new RasaPublisher();
  await publisher.open();
  const { server, rasa } = await startRasaServer(t.db, botId, publisher.queue, options);
  running.push({ server, rasa, publisher });
  return { server, rasa, publisher };
}

/** Every published message consumed, stored and acknowledged. */
async function consumedAll(rasa: RasaModule, publisher: RasaPublisher, published: number): Promise<void> {
  await waitUntil(
    `all ${published} messages are consumed`,
    async () => rasa.stream.counts.messages - rasa.stream.counts.redelivered >= published && rasa.stream.inFlight === 0 && (await publisher.readyCount()) === 0,
    60_000,
  );
}

async function readyz(server: TestServer): Promise<Record<string, unknown>> {
  return (await (await fetch(`${server.url}/readyz`)).json()) as Record<string, unknown>;
}

describe(`Rasa's Pika event broker, consumed live over the machine's RabbitMQ (${testEngine})`, () => {
  it('stores tracker_moodbot.json published event by event with the figures and ids of importing the tracker', async () => {
    const { server, rasa, publisher } = await startConsuming('moodbot-live');
    await waitUntil('the consumer is connected', () => rasa.consumer.state.state === 'connected');
    expect(await readyz(server)).toMatchObject({ status: 'ready', rasa: 'connected' });

    const tracker = JSON.parse(fs.readFileSync(moodbot, 'utf8')) as { sender_id: string; events: Record<string, unknown>[] };
    publisher.publishEvents(tracker.sender_id, tracker.events);
    await consumedAll(rasa, publisher, tracker.events.length);
    expect(rasa.stream.counts).toMatchObject({ messages: 7, redelivered: 0, stored: 6, duplicate: 0, skipped: 3, unreadable: 0 });

    const imported = await importPlatformFile(t.db, 'rasa', moodbot, { botId: 'moodbot-file' });
    expect(imported.counts).toMatchObject({ accepted: 6, rejected: 0 });
    expect(await storedEvents(t.db, 'moodbot-live')).toEqual(await storedEvents(t.db, 'moodbot-file'));
    const window = '2018-02-01..2018-02-28';
    const live = await summaryFigures(server, 'moodbot-live', window);
    expect(live).toEqual(await summaryFigures(server, 'moodbot-file', window));
    expect(live).toContainEqual(['conversations', 1]);
    // The same ids: importing the tracker into the live bot adds nothing.
    expect((await importPlatformFile(t.db, 'rasa', moodbot, { botId: 'moodbot-live' })).counts).toMatchObject({ accepted: 0, duplicate: 6 });
  });

  it('reconnects when the connection is cut or closed by RabbitMQ mid-stream, losing and doubling nothing', async () => {
    const proxy = new TcpProxy(rabbitHost, rabbitPort);
    await proxy.start();
    const connectionName = `botwatch-test-${randomBytes(4).toString('hex')}`;
    try {
      const { server, rasa, publisher } = await startConsuming('restaurant-live', {
        url: rabbitUrl(proxy.port),
        tuning: { prefetch: 100, connectionName, retryDelayMs: { first: 100, longest: 400 }, utteranceWaitMs: 1000 },
      });
      // Copies of the export under other sender ids: a stream long enough to cut in the middle, twice.
      const copies = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => exported.map((l) => l.replace(/"sender_id": "([^"]+)"/, `"sender_id": "$1-${from + i}"`))).flat();
      const first = copies(0, 10);
      const second = copies(10, 40);
      const lines = [...first, ...second];
      const consumed = () => rasa.stream.counts.messages - rasa.stream.counts.redelivered;
      publisher.publishLines(first);

      await waitUntil('a quarter is consumed', () => consumed() >= first.length / 4);
      await proxy.stop();
      await waitUntil('the consumer notices the cut', () => rasa.consumer.state.state === 'reconnecting');
      expect((await readyz(server)).rasa).toMatch(/^reconnecting: /);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await proxy.start();
      await waitUntil('the consumer is back', () => rasa.consumer.state.state === 'connected');

      // RabbitMQ closes the connection while deliveries of the second part are on their way: the
      // link is stalled so the close arrives right behind them, whatever the machine's speed.
      const pid = await connectionPid(connectionName);
      proxy.stall();
      publisher.publishLines(second);
      await closeConnectionFromBroker(pid);
      expect(consumed()).toBeLessThan(lines.length);
      proxy.resume();
      await waitUntil('the consumer notices the close', () => rasa.consumer.state.state === 'reconnecting');
      await consumedAll(rasa, publisher, lines.length);
      await waitUntil('the consumer is back again', () => rasa.consumer.state.state === 'connected');
      // Deliveries cut off before their acknowledgement came back again, and were not stored twice.
      expect(rasa.stream.counts.redelivered).toBeGreaterThan(0);

      const exportText = `${lines.join('\n')}\n`;
      const imported = await importPlatformFile(t.db, 'rasa', { text: exportText }, { botId: 'restaurant-file' });
      expect(imported.counts).toMatchObject({ rejected: 0, duplicate: 0 });
      expect(rasa.stream.counts).toMatchObject({ stored: imported.counts.accepted, duplicate: 0, unreadable: 0, skipped: imported.counts.skipped });
      expect(await storedEvents(t.db, 'restaurant-live')).toEqual(await storedEvents(t.db, 'restaurant-file'));
      const window = '2026-06-30..2026-07-03';
      const live = await summaryFigures(server, 'restaurant-live', window);
      expect(live).toEqual(await summaryFigures(server, 'restaurant-file', window));
      expect(live).toContainEqual(['conversations', 3 * 40]);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('acknowledges a message it cannot read once, counts it as skipped with its reason, and goes on', async () => {
    const { rasa, publisher } = await startConsuming('poison');
    publisher.publishRaw('{"sender_id": "carol", "event": "user", "text": "hi", "timest');
    publisher.publishRaw('{"event": "user", "timestamp": 1782928800.5, "text": "hello"}');
    publisher.publishRaw('[1, 2, 3]');
    publisher.publishEvents('carol', [{ event: 'user', timestamp: 1782928801.5, text: 'hello', parse_data: { intent: { name: 'greet', confidence: 0.9 } } }]);
    await consumedAll(rasa, publisher, 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rasa.stream.counts).toMatchObject({ messages: 4, redelivered: 0, stored: 2, unreadable: 3, skipped: 3 });
    expect(Object.keys(rasa.stream.counts.skippedBy)).toEqual([
      expect.stringMatching(/^not valid JSON \(/),
      'the event has no sender_id',
      'expected a JSON object (one Rasa event)',
    ]);
    // Stopping returns what is unacknowledged to the queue: nothing is.
    await rasa.stop?.();
    expect(await publisher.readyCount()).toBe(0);
  });

  it('keeps retrying a broker that refuses it, and never shows the password', async () => {
    const { server, rasa } = await startConsuming('refused', { url: 'amqp://guest:Wr0ng-pa%24%24@127.0.0.1:5672/', tuning: { retryDelayMs: { first: 100, longest: 200 } } });
    await waitUntil('a failed attempt', () => rasa.consumer.state.state === 'reconnecting');
    const body = JSON.stringify(await readyz(server));
    expect(body).toMatch(/"rasa":"reconnecting: /);
    expect(body).not.toMatch(/Wr0ng|pa%24|pa\$\$/);
  });
});
