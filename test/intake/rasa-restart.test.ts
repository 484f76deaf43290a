import fs from 'node:fs';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RasaModule } from '../../src/intake/rasa/rasa-module.ts';
import { importPlatformFile } from '../helpers/import-platform.ts';
import { startRasaServer, storedEvents, summaryFigures } from '../helpers/rasa-live.ts';
import { RasaPublisher, rabbitHost, rabbitPort, rabbitUrl, waitUntil } from '../helpers/rasa-publisher.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { openTestDatabase, testDatabaseUrl, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import type { TestServer } from '../helpers/test-server.ts';

// `rasa export` lines: senders alice (two sessions) and bob, forms, a click, a hand-off (52 events).
const exportText = fs.readFileSync(new URL('../fixtures/import/rasa/export.jsonl', import.meta.url), 'utf8');
const exported = exportText.split('\n').filter((l) => l.trim() !== '');
const window = '2026-06-30..2026-07-03';

type Running = { server: TestServer; rasa: RasaModule };
let t: TestDatabase;
const running: Running[] = [];
const publishers: RasaPublisher[] = [];
beforeAll(async () => {
  t = await openTestDatabase();
});
afterEach(async () => {
  for (const r of running.splice(0)) await stop(r);
  for (const p of publishers.splice(0)) await p.close();
});
afterAll(() => t?.close());

async function openPublisher(): Promise<RasaPublisher> {
  const publisher = new RasaPublisher();
  await publisher.open();
  publishers.push(publisher);
  return publisher;
}

/** A botwatch consuming `queue`; an utterance waits a minute for its `bot` event, so a restart finds it waiting. */
async function start(botId: string, queue: string, url?: string): Promise<Running> {
  const started = await startRasaServer(t.db, botId, queue, { tuning: { utteranceWaitMs: 60_000 }, ...(url === undefined ? {} : { url }) });
  running.push(started);
  return started;
}

async function stop(r: Running): Promise<void> {
  running.splice(running.indexOf(r), 1);
  await r.rasa.stop?.();
  await r.server.stop();
}

/** `messages` mapped and stored, the queue empty, and `waiting` utterances held back for their `bot` events. */
async function settled({ rasa }: Running, publisher: RasaPublisher, messages: number, waiting: number): Promise<void> {
  await waitUntil(
    `${messages} messages are consumed`,
    async () => rasa.stream.counts.messages >= messages && rasa.stream.inFlight === waiting && (await publisher.readyCount()) === 0,
    60_000,
  );
}

const isUtterance = (line: string | undefined) => /"event": "action", [^}]*"name": "utter_/.test(line ?? '');

async function stateRows(botId: string): Promise<unknown[]> {
  return t.db.query('SELECT sender_id, state FROM rasa_sender_state WHERE bot_id = $1 ORDER BY sender_id', [botId]);
}

/** The live bot's events and figures are those of importing the whole export into `fileBot`. */
async function expectSameAsImport(server: TestServer, liveBot: string, fileBot: string, text = exportText): Promise<number> {
  const imported = await importPlatformFile(t.db, 'rasa', { text }, { botId: fileBot });
  expect(imported.counts).toMatchObject({ rejected: 0, duplicate: 0 });
  const live = await storedEvents(t.db, liveBot);
  expect(live).toEqual(await storedEvents(t.db, fileBot));
  expect(live.some((e) => (e as { latency_ms: number | null }).latency_ms !== null)).toBe(true);
  const figures = await summaryFigures(server, liveBot, window);
  expect(figures).toEqual(await summaryFigures(server, fileBot, window));
  expect(figures).toContainEqual(['conversations', text === exportText ? 3 : 4]);
  return imported.counts.accepted;
}

describe(`a Rasa conversation in progress across botwatch restarts (${testEngine})`, () => {
  it('maps the rest of each session after a restart exactly as one process maps the whole stream', async () => {
    const publisher = await openPublisher();
    // Restarts right after bob's utter_greet (its bot event comes after), in alice's form while her
    // message waits for an answer, after alice's utter_submit (no bot event follows it), and in
    // bob's form before his message without a timestamp.
    const cuts = [9, 24, 33, 40, exported.length];
    expect(cuts.map((c) => isUtterance(exported[c - 1]))).toEqual([true, false, true, false, false]);
    let from = 0;
    let redelivered = 0;
    let stored = 0;
    let last: Running | undefined;
    for (const to of cuts) {
      const botwatch = await start('restaurant-restarted', publisher.queue);
      publisher.publishLines(exported.slice(from, to));
      const waiting = isUtterance(exported[to - 1]) ? 1 : 0;
      await settled(botwatch, publisher, to - from + redelivered, waiting);
      expect(botwatch.rasa.stream.counts).toMatchObject({ duplicate: 0, unreadable: 0 });
      stored += botwatch.rasa.stream.counts.stored;
      if (to === exported.length) {
        last = botwatch;
        break;
      }
      await stop(botwatch);
      // The utterance waiting for its bot event was not acknowledged: RabbitMQ delivers it again.
      expect(await publisher.readyCount()).toBe(waiting);
      [from, redelivered] = [to, waiting];
    }
    if (last === undefined) throw new Error('no botwatch consumed the last part');
    expect(stored).toBe(await expectSameAsImport(last.server, 'restaurant-restarted', 'restaurant-whole'));
    const states = (await stateRows('restaurant-restarted')) as { sender_id: string; state: { conversationId: string } }[];
    expect(states.map((s) => [s.sender_id, s.state.conversationId])).toEqual([
      ['alice', 'alice@2026-07-02T08:00:00.000Z'],
      ['bob', 'bob'],
    ]);
  }, 120_000);

  it('stores no sender state ahead of its events while a batch cannot be stored, and continues exactly after a restart', async () => {
    const publisher = await openPublisher();
    const bot = 'restaurant-refused';
    const first = await start(bot, publisher.queue);
    // Alice's "the blue one" waits for its answer (line 26), inside her form.
    publisher.publishLines(exported.slice(0, 25));
    await settled(first, publisher, 25, 0);
    const states = await stateRows(bot);
    const events = await storedEvents(t.db, bot);

    // Every batch with this bot's events now fails inside its transaction; a sequence (not rolled
    // back) counts the attempts.
    await t.db.exec(`
      CREATE SEQUENCE refused_stores;
      CREATE FUNCTION refuse_store() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.bot_id = '${bot}' THEN
          PERFORM nextval('refused_stores');
          RAISE EXCEPTION 'refused by the test';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_store BEFORE INSERT ON conversation_facts FOR EACH ROW EXECUTE FUNCTION refuse_store();`);
    // The first of these lines is a bot message: every batch of them has events to store.
    publisher.publishLines(exported.slice(25, 40));
    const attempts = async () => (await t.db.query<{ n: number }>('SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM refused_stores'))[0]?.n ?? 0;
    await waitUntil('two attempts to store failed', async () => (await attempts()) >= 2);
    expect(await stateRows(bot)).toEqual(states);
    expect(await storedEvents(t.db, bot)).toEqual(events);

    await stop(first);
    expect(await publisher.readyCount()).toBe(15);
    await t.db.exec('DROP TRIGGER refuse_store ON conversation_facts; DROP FUNCTION refuse_store(); DROP SEQUENCE refused_stores;');
    const second = await start(bot, publisher.queue);
    publisher.publishLines(exported.slice(40));
    await settled(second, publisher, exported.length - 25, 0);
    await expectSameAsImport(second.server, bot, 'restaurant-refused-file');
  }, 120_000);

  // PGlite answers one connection at a time: botwatch cannot wait on a lock the test holds there.
  it.skipIf(testEngine === 'pglite')('acknowledges, without mapping them again, messages a killed botwatch stored but never got acknowledged', async () => {
    const publisher = await openPublisher();
    const bot = 'restaurant-killed';
    const proxy = new TcpProxy(rabbitHost, rabbitPort);
    await proxy.start();
    const lock = new pg.Client({ connectionString: testDatabaseUrl });
    await lock.connect();
    try {
      const first = await start(bot, publisher.queue, rabbitUrl(proxy.port));
      publisher.publishLines(exported.slice(0, 25));
      await settled(first, publisher, 25, 0);

      // zed's message waits for a lock the test holds, so the next lines arrive meanwhile and are
      // stored as one batch: alice's last answer of her first session, then her second session.
      await lock.query('SELECT pg_advisory_lock(4242)');
      await t.db.exec(`
        CREATE FUNCTION wait_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.conversation_id = 'zed' THEN PERFORM pg_advisory_xact_lock(4242); END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER wait_for_test BEFORE INSERT ON conversation_facts FOR EACH ROW EXECUTE FUNCTION wait_for_test();`);
      const zed = '{"sender_id": "zed", "event": "user", "timestamp": 1782928825.0, "text": "hi"}';
      publisher.publishLines([zed]);
      await waitUntil('zed waits for the lock', () => first.rasa.stream.counts.messages === 26);
      const part = exported.slice(25, 48);
      publisher.publishLines(part);
      await waitUntil('every line has arrived', async () => first.rasa.stream.inFlight === part.length + 1 && (await publisher.readyCount()) === 0);
      // Both batches are stored, and their acknowledgements never reach RabbitMQ: botwatch is killed.
      proxy.stall();
      await lock.query('SELECT pg_advisory_unlock(4242)');
      await waitUntil('both batches are stored', () => first.rasa.stream.inFlight === 0);
      await proxy.stop();
      await stop(first);
      await t.db.exec('DROP TRIGGER wait_for_test ON conversation_facts; DROP FUNCTION wait_for_test();');
      await waitUntil('RabbitMQ has the messages back', async () => (await publisher.readyCount()) === part.length + 1);

      const next = await start(bot, publisher.queue);
      publisher.publishLines(exported.slice(48));
      await settled(next, publisher, part.length + 1 + exported.length - 48, 0);
      expect(next.rasa.stream.counts).toMatchObject({ redelivered: part.length + 1, duplicate: 0 });
      await expectSameAsImport(next.server, bot, 'restaurant-killed-file', `${exportText}${zed}\n`);
    } finally {
      await proxy.stop();
      await lock.end();
    }
  }, 120_000);
});
