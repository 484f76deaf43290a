import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { addConversations, addedId, alertsHarness, nextHour, ruleState, spread, TestClock } from '../helpers/alerts-harness.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const minute = 60_000;

const transitions = async (db: Database, id: number) =>
  (await db.query<{ from_state: string; to_state: string }>(`SELECT from_state, to_state FROM alert_history WHERE rule_id = $1 AND event = 'transition' ORDER BY id`, [id])).map(
    (r) => `${r.from_state}→${r.to_state}`,
  );

describe(`alert states (${testEngine})`, () => {
  let t: TestDatabase;
  let replica: Database;
  beforeAll(async () => {
    t = await openTestDatabase();
    // On the real server a second pool is a second replica; PGlite is one backend, shared.
    replica = t.openReplica?.() ?? t.db;
  });
  afterAll(async () => {
    if (replica !== t.db) await replica.close();
    await t?.close();
  });

  it('does not flap: a firing alert wavering between 19 % and 21 % stays firing until it is at or below the recovery threshold', async () => {
    const clock = new TestClock(new Date('2026-11-02T00:00:00Z'));
    const h = alertsHarness(t.db, clock);
    await addConversations(t.db, 'flap-bot', spread('warmup', new Date(clock.now().getTime() - 60 * minute), 60, 100));
    const id = addedId(await h.ask('alert add handoff above 20% flap-bot renotify:off'));
    const states: string[] = [];
    for (const handoffs of [25, 25, 19, 21, 19, 21, 19, 17, 19, 21]) {
      await nextHour(t.db, clock, 'flap-bot', handoffs, [h]);
      states.push(await ruleState(t.db, id));
    }
    expect(states).toEqual(['pending', 'firing', 'firing', 'firing', 'firing', 'firing', 'firing', 'ok', 'ok', 'pending']);
    const posted = h.deliverer.delivered().filter((d) => d.reply.title.includes('hand-off'));
    expect(posted.map((d) => d.reply.title)).toEqual(['Human hand-off rate above 20 % — flap-bot', 'Recovered: Human hand-off rate above 20 % — flap-bot']);
    expect(posted[1]!.options?.inReplyTo).toBe(posted[0]!.result.ok ? posted[0]!.result.messageId : 'no message');
    expect(await transitions(t.db, id)).toEqual(['ok→pending', 'pending→firing', 'firing→ok', 'ok→pending']);

    const history = await h.ask(`alert history ${id}`);
    expect(history.table?.rows.find((r) => r.what === 'pending → firing')).toMatchObject({ value: '25 % (25 of 100)' });
    expect(history.table?.rows.find((r) => r.what === 'firing → ok')).toMatchObject({ value: '17 % (17 of 100)' });
    expect(history.table?.rows.filter((r) => r.what === 'posted')).toHaveLength(2);
  });

  it('posts one notification per transition when two replicas evaluate at the same time', async () => {
    const clock = new TestClock(new Date('2026-11-05T00:00:00Z'));
    const first = alertsHarness(t.db, clock);
    const second = alertsHarness(replica, clock);
    await addConversations(t.db, 'twin-bot', spread('warmup', new Date(clock.now().getTime() - 60 * minute), 60, 100));
    const id = addedId(await first.ask('alert add handoff above 20% twin-bot renotify:off'));
    for (const handoffs of [30, 30, 30, 10, 10, 30, 30]) await nextHour(t.db, clock, 'twin-bot', handoffs, [first, second]);

    expect(await transitions(t.db, id)).toEqual(['ok→pending', 'pending→firing', 'firing→ok', 'ok→pending', 'pending→firing']);
    const posted = [...first.deliverer.delivered(), ...second.deliverer.delivered()].map((d) => d.reply.title.split(':')[0]);
    expect(posted.sort()).toEqual(['Human hand-off rate above 20 % — twin-bot', 'Human hand-off rate above 20 % — twin-bot', 'Recovered'].sort());
    const notified = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM alert_history WHERE rule_id = $1 AND event = 'notified'`, [id]);
    expect(notified[0]?.n).toBe(3);
  });

  it('never alerts on fewer than min: conversations (insufficient data, not 0 %), and counts only settled conversations for fate-based rates', async () => {
    const clock = new TestClock(new Date('2026-11-08T10:00:00Z'));
    const h = alertsHarness(t.db, clock);
    // 20 conversations in the last hour, every one handed off: 100 %, but on 20 conversations.
    await addConversations(t.db, 'tiny-bot', spread('tiny', new Date(clock.now().getTime() - 50 * minute), 50, 20, () => true));
    const handoff = addedId(await h.ask('alert add handoff_rate above 20% tiny-bot for:0m'));
    // 40 conversations, 25 ended (settled) and 15 still open: containment has 25 settled, under min 30.
    await addConversations(t.db, 'fate-bot', [
      ...spread('ended', new Date(clock.now().getTime() - 50 * minute), 25, 25, () => false).map((c) => ({ ...c, ended: true, handoff: true })),
      ...spread('open', new Date(clock.now().getTime() - 15 * minute), 15, 15, () => false),
    ]);
    const containment = addedId(await h.ask('alert add containment below 90% fate-bot for:0m'));
    for (let i = 0; i < 3; i++) {
      await h.tick();
      clock.advanceMinutes(1);
    }
    expect(await ruleState(t.db, handoff)).toBe('no_data');
    expect(await ruleState(t.db, containment)).toBe('no_data');
    expect(h.deliverer.deliveries).toEqual([]);

    const list = await h.ask('alert list');
    const row = (id: number) => list.table?.rows.find((r) => r.rule?.startsWith(`#${id} `));
    expect(row(handoff)).toMatchObject({ state: 'no data', now: 'insufficient data: 20 conversations in the last hour, fewer than min 30' });
    expect(row(containment)).toMatchObject({ state: 'no data', now: 'insufficient data: 25 settled conversations in the last hour, fewer than min 30' });
    for (const id of [handoff, containment]) expect(row(id)?.now).not.toMatch(/\d %/);
  });

  it('alerts on a collapse in volume, where few conversations is the signal, and on response times', async () => {
    const clock = new TestClock(new Date('2026-11-09T10:00:00Z'));
    const h = alertsHarness(t.db, clock);
    const start = new Date(clock.now().getTime() - 60 * minute);
    await addConversations(t.db, 'quiet-bot', spread('q', start, 60, 12).map((c) => ({ ...c, latencyMs: 3000 })));
    const volume = addedId(await h.ask('alert add conversations below 50 quiet-bot for:0m'));
    const latency = addedId(await h.ask('alert add p95_response_ms above 2s quiet-bot min:10 for:0m'));
    await h.tick();
    expect(await ruleState(t.db, volume)).toBe('firing');
    expect(await ruleState(t.db, latency)).toBe('firing');
    const texts = h.deliverer.delivered().map((d) => d.reply.text ?? '');
    expect(texts).toContainEqual(expect.stringContaining('12 conversations started, < 50 over the last hour.'));
    expect(texts).toContainEqual(expect.stringContaining('Response time (95th percentile) 3,000 ms > 2,000 ms over the last hour (12 conversations).'));
  });
});
