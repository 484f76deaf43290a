import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { addConversations, addedId, alertsHarness, postedFor, recordingLogger, ruleState, spread, TestClock } from '../helpers/alerts-harness.ts';
import type { SimulatedConversation } from '../helpers/alerts-harness.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { openTestDatabase, testDatabaseUrl, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const minute = 60_000;

/** A conversation every 10 minutes from `from` until `to`, between the UTC hours given (all day by default). */
function traffic(prefix: string, from: string, to: string, hours: [number, number] = [0, 24]): SimulatedConversation[] {
  const list: SimulatedConversation[] = [];
  for (let at = Date.parse(from); at < Date.parse(to); at += 10 * minute) {
    const hour = new Date(at).getUTCHours();
    if (hour >= hours[0] && hour < hours[1]) list.push({ id: `${prefix}-${at}`, start: new Date(at), ended: true });
  }
  return list;
}

describe(`silent bots (${testEngine})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase();
  });
  afterEach(() => t?.close());

  it('raises one alert when a bot sends nothing for 30 minutes in its usual hours, and clears it in the thread when events return', async () => {
    // Three days of round-the-clock traffic, then nothing after 09:00 (Friday).
    await addConversations(t.db, 'silent-bot', traffic('s', '2026-11-10T00:00:00Z', '2026-11-13T09:00:00Z'));
    const clock = new TestClock(new Date('2026-11-13T09:00:00Z'));
    const h = alertsHarness(t.db, clock);
    const id = addedId(await h.ask('alert add silence silent-bot'));
    const states: string[] = [];
    for (const m of [10, 10, 10, 10, 10, 10]) {
      clock.advanceMinutes(m);
      await h.tick();
      states.push(await ruleState(t.db, id));
    }
    // Last event 08:50:03; silent for 30 min from 09:20:03 — so firing at the 09:30 tick.
    expect(states).toEqual(['ok', 'ok', 'firing', 'firing', 'firing', 'firing']);
    const [alert] = postedFor(h, id);
    expect(postedFor(h, id)).toHaveLength(1);
    expect(alert!.reply.title).toBe('silent-bot is silent');
    expect(alert!.reply.text).toContain('silent-bot has sent no events for 39 min 57 s.');
    expect(alert!.reply.chart).toMatchObject({ kind: 'timeseries', title: 'Conversations started — silent-bot' });

    await addConversations(t.db, 'silent-bot', [{ id: 'back', start: clock.now() }]);
    clock.advanceMinutes(1);
    await h.tick();
    expect(await ruleState(t.db, id)).toBe('ok');
    const posted = postedFor(h, id);
    expect(posted).toHaveLength(2);
    expect(posted[1]!.reply.title).toBe('Recovered: silent-bot is silent');
    expect(posted[1]!.options?.inReplyTo).toBe(alert!.result.ok ? alert!.result.messageId : 'none');
  });

  it('stays quiet outside the hours the bot is usually active, and alerts when its day should have begun', async () => {
    // Active 09:00–17:00 UTC, Tuesday to Thursday.
    await addConversations(t.db, 'office-bot', traffic('o', '2026-11-10T00:00:00Z', '2026-11-13T00:00:00Z', [9, 17]));
    const clock = new TestClock(new Date('2026-11-12T20:00:00Z'));
    const h = alertsHarness(t.db, clock);
    const id = addedId(await h.ask('alert add silence office-bot for:30m'));
    for (const at of ['2026-11-12T20:00:00Z', '2026-11-13T03:00:00Z', '2026-11-13T08:50:00Z']) {
      clock.set(at);
      await h.tick();
      expect(await ruleState(t.db, id)).toBe('ok');
    }
    clock.set('2026-11-13T09:35:00Z'); // Friday morning, nothing since Thursday 16:50
    await h.tick();
    expect(await ruleState(t.db, id)).toBe('firing');
    expect(postedFor(h, id)[0]!.reply.text).toContain('office-bot has sent no events for 16 h 44 min');
  });
});

describe(`evaluation failures (${testEngine})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase();
  });
  afterEach(() => t?.close());

  it('leaves a rule whose evaluation fails as it was, logs the error, shows it in alert list, and evaluates the others', async () => {
    const clock = new TestClock(new Date('2026-11-06T10:00:00Z'));
    const { logger, lines } = recordingLogger();
    const h = alertsHarness(t.db, clock, { logger });
    await addConversations(t.db, 'ok-bot', spread('c', new Date(clock.now().getTime() - 50 * minute), 50, 100, (i) => i < 40));
    const healthy = addedId(await h.ask('alert add handoff above 20% ok-bot for:0m'));
    // A rule from a release whose catalog had a metric this one does not (its measurement throws).
    const [old] = await t.db.query<{ id: number }>(
      `INSERT INTO alert_rules (kind, metric, bot_id, direction, threshold, recover_threshold, window_seconds, min_conversations, for_seconds, renotify_seconds, destination, created_at, state, state_since)
       VALUES ('metric', 'retired_rate', 'ok-bot', 'above', 0.1, 0.09, 3600, 30, 0, 0, '{"platform":"slack","channelId":"C0ONCALL"}', $1, 'pending', $1) RETURNING id`,
      [clock.now()],
    );
    await h.tick();
    expect(await ruleState(t.db, old!.id)).toBe('pending');
    expect(await ruleState(t.db, healthy)).toBe('firing');
    expect(lines.some((l) => l.includes('alert rule could not be evaluated') && l.includes('retired_rate'))).toBe(true);
    const list = await h.ask('alert list');
    expect(list.notes.join('\n')).toContain(`#${old!.id} could not be evaluated`);
    expect(postedFor(h, old!.id)).toEqual([]);
  });

  // An embedded database lives in the process and cannot become unreachable; this is a server failure.
  it.skipIf(testEngine !== 'postgres')('changes nothing and posts nothing while the database server is unreachable, and carries on when it is back', async () => {
    const target = new URL(testDatabaseUrl ?? '');
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const url = new URL(testDatabaseUrl ?? '');
    url.host = `127.0.0.1:${proxy.port}`;
    const viaProxy: Database = t.openReplica!({ connectionString: url.toString() });
    try {
      const clock = new TestClock(new Date('2026-11-07T10:00:00Z'));
      const { logger, lines } = recordingLogger();
      const h = alertsHarness(viaProxy, clock, { logger });
      await addConversations(t.db, 'down-bot', spread('c', new Date(clock.now().getTime() - 50 * minute), 50, 100, (i) => i < 40));
      const id = addedId(await h.ask('alert add handoff above 20% down-bot for:5m'));
      await h.tick();
      expect(await ruleState(t.db, id)).toBe('pending');

      await proxy.stop();
      clock.advanceMinutes(10); // past for:, but nothing can be read: no false alert
      expect(await h.tick()).toBeUndefined();
      expect(lines.some((l) => l.includes('alert evaluation cycle failed; states are unchanged'))).toBe(true);
      expect(await ruleState(t.db, id)).toBe('pending');
      expect(h.deliverer.deliveries).toEqual([]);

      await proxy.start();
      clock.advanceMinutes(1);
      const report = await h.tick();
      expect(report?.errors).toBe(0);
      expect(await ruleState(t.db, id)).toBe('firing');
      expect(postedFor(h, id)).toHaveLength(1);
    } finally {
      await viaProxy.close();
      await proxy.stop();
    }
  });
});
