import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addedId, alertsHarness, nextHour, postedFor, ruleState, silenceIdOf, TestClock } from '../helpers/alerts-harness.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

describe(`alert notifications (${testEngine})`, () => {
  let t: TestDatabase;
  // A database per test: rules of one test must not post into another's deliverer.
  beforeEach(async () => {
    t = await openTestDatabase();
  });
  afterEach(() => t?.close());

  it('reminds while firing and unacknowledged; Acknowledge records who and stops reminders until the state changes', async () => {
    const clock = new TestClock(new Date('2026-11-02T00:00:00Z'));
    const h = alertsHarness(t.db, clock);
    await nextHour(t.db, clock, 'ack-bot', 5, [h]);
    const id = addedId(await h.ask('alert add handoff above 20% ack-bot for:0m renotify:1h'));
    await nextHour(t.db, clock, 'ack-bot', 30, [h]);
    await nextHour(t.db, clock, 'ack-bot', 30, [h]);
    const [firing, reminder] = postedFor(h, id);
    expect(firing?.reply.title).toBe('Human hand-off rate above 20 % — ack-bot');
    expect(reminder?.reply.title).toBe('Still firing: Human hand-off rate above 20 % — ack-bot');
    expect(reminder?.options?.inReplyTo).toBeUndefined();

    const button = firing!.reply.actions!.find((a) => a.id === 'alert.acknowledge')!;
    const pressed = await h.press(button);
    expect(pressed.reply.title).toBe(`Alert #${id} acknowledged`);
    expect(pressed.updatedMessage?.notes[0]).toMatch(/^Acknowledged by Ana at \d+ Nov \d\d:\d\d UTC\.$/);
    expect(pressed.updatedMessage?.actions?.map((a) => a.id)).toEqual(['alert.mute']);
    expect((await h.press(button)).reply.title).toMatch(/already acknowledged by Ana/);

    await nextHour(t.db, clock, 'ack-bot', 30, [h]);
    await nextHour(t.db, clock, 'ack-bot', 30, [h]);
    expect(postedFor(h, id)).toHaveLength(2);
    const list = await h.ask('alert list');
    expect(list.table?.rows.find((r) => r.rule?.startsWith(`#${id} `))?.state).toBe('firing (acknowledged by Ana)');

    // Recovery, then a new episode: the acknowledgement belonged to the old one.
    await nextHour(t.db, clock, 'ack-bot', 5, [h]);
    await nextHour(t.db, clock, 'ack-bot', 30, [h]);
    await nextHour(t.db, clock, 'ack-bot', 30, [h]);
    expect(postedFor(h, id).map((d) => d.reply.title.split(':')[0])).toEqual([
      'Human hand-off rate above 20 % — ack-bot',
      'Still firing',
      'Recovered',
      'Human hand-off rate above 20 % — ack-bot',
      'Still firing',
    ]);
    expect((await h.press(button)).reply.title).toBe(`Alert #${id} is no longer firing that episode: nothing to acknowledge.`);
    const acks = await t.db.query<{ detail: string }>(`SELECT detail FROM alert_history WHERE rule_id = $1 AND event = 'acknowledged'`, [id]);
    expect(acks).toEqual([{ detail: 'by Ana' }]);
  });

  it('mute suppresses notifications but not evaluation, and the firing is posted once the mute expires', async () => {
    const clock = new TestClock(new Date('2026-11-03T00:00:00Z'));
    const h = alertsHarness(t.db, clock);
    await nextHour(t.db, clock, 'mute-bot', 5, [h]);
    const id = addedId(await h.ask('alert add handoff above 20% mute-bot for:0m'));
    expect((await h.ask(`alert mute ${id} 2h`)).title).toBe(`Alert #${id} muted until 3 Nov 03:00 UTC`);
    await nextHour(t.db, clock, 'mute-bot', 30, [h]);
    expect(await ruleState(t.db, id)).toBe('firing');
    expect(postedFor(h, id)).toEqual([]);
    const suppressed = await t.db.query<{ detail: string }>(`SELECT detail FROM alert_history WHERE rule_id = $1 AND event = 'suppressed'`, [id]);
    expect(suppressed[0]?.detail).toMatch(/^firing not posted: muted until/);

    await nextHour(t.db, clock, 'mute-bot', 30, [h]); // 03:00: the mute has just expired
    const posted = postedFor(h, id);
    expect(posted.map((d) => d.reply.title)).toEqual(['Human hand-off rate above 20 % — mute-bot']);
    expect(posted[0]!.reply.text).toContain('Above 20 % for 1 h');

    // The Mute 1 h button.
    const mute = posted[0]!.reply.actions!.find((a) => a.id === 'alert.mute')!;
    // Anyone who sees the alert may press it, not only admins.
    const pressed = await h.press(mute, { platform: 'slack', userId: 'U0BOB', displayName: 'Bob', isAdmin: false, destination: posted[0]!.destination });
    expect(pressed.reply.title).toBe(`Alert #${id} muted until 3 Nov 04:00 UTC`);
    expect(pressed.updatedMessage?.notes[0]).toBe('Muted by Bob until 3 Nov 04:00 UTC.');
    await nextHour(t.db, clock, 'mute-bot', 5, [h]); // recovers at 04:00, just as the mute ends: the recovery reply is posted
    expect(postedFor(h, id).map((d) => d.reply.title.split(':')[0])).toEqual(['Human hand-off rate above 20 % — mute-bot', 'Recovered']);
  });

  it('retries a transient delivery failure on later ticks, and gives up after a bounded number of attempts', async () => {
    const clock = new TestClock(new Date('2026-11-04T00:00:00Z'));
    const h = alertsHarness(t.db, clock);
    await nextHour(t.db, clock, 'flaky-bot', 5, [h]);
    const added = await h.ask('alert add handoff above 20% flaky-bot for:0m');
    const id = addedId(added);
    // Hours without events follow: its silence alert would take a scripted failure too.
    await h.ask(`alert remove ${silenceIdOf(added)}`);
    const busy = { ok: false as const, kind: 'transient' as const, reason: 'ratelimited', retryAfterSeconds: 30 };
    h.deliverer.failNext(busy, busy);
    await nextHour(t.db, clock, 'flaky-bot', 30, [h]);
    await h.tick(); // the retry is not due yet (backoff 60 s)
    expect(h.deliverer.deliveries).toHaveLength(1);
    clock.advanceMinutes(1);
    await h.tick(); // second attempt: fails
    clock.advanceMinutes(2);
    await h.tick(); // third attempt: posted
    expect(h.deliverer.deliveries.map((d) => d.result.ok)).toEqual([false, false, true]);
    const events = await t.db.query<{ event: string; detail: string }>(`SELECT event, detail FROM alert_history WHERE rule_id = $1 AND event IN ('notify_failed', 'notified') ORDER BY id`, [id]);
    expect(events.map((e) => e.event)).toEqual(['notify_failed', 'notify_failed', 'notified']);
    expect(events[0]!.detail).toMatch(/^firing: ratelimited \(attempt 1 of 5; retry/);

    // Recovery fails five times in a row: the fifth is the last attempt.
    h.deliverer.failNext(busy, busy, busy, busy, busy);
    await nextHour(t.db, clock, 'flaky-bot', 5, [h]);
    for (let i = 0; i < 12; i++) {
      clock.advanceMinutes(10);
      await h.tick();
    }
    expect(h.deliverer.deliveries.filter((d) => d.reply.title.startsWith('Recovered'))).toHaveLength(5);
    const last = await t.db.query<{ detail: string }>(`SELECT detail FROM alert_history WHERE rule_id = $1 AND event = 'notify_failed' ORDER BY id DESC LIMIT 1`, [id]);
    expect(last[0]?.detail).toBe('recovered: ratelimited — gave up after 5 attempts');
  });

  it('stops notifying a rule whose destination is gone until it is fixed (alert test posts again and resumes it)', async () => {
    const clock = new TestClock(new Date('2026-11-05T00:00:00Z'));
    const h = alertsHarness(t.db, clock);
    await nextHour(t.db, clock, 'gone-bot', 5, [h]);
    const id = addedId(await h.ask('alert add handoff above 20% gone-bot for:0m renotify:1h'));
    h.deliverer.failNext({ ok: false, kind: 'gone', reason: 'channel_not_found' });
    await nextHour(t.db, clock, 'gone-bot', 30, [h]);
    await nextHour(t.db, clock, 'gone-bot', 30, [h]); // a reminder would be due: none is attempted
    expect(h.deliverer.deliveries).toHaveLength(1);
    const list = await h.ask('alert list');
    expect(list.notes.join('\n')).toContain(`#${id} stopped posting`);
    expect(list.notes.join('\n')).toContain('channel_not_found');

    const test = await h.ask(`alert test ${id}`);
    expect(test.title).toBe(`Test notification for alert #${id} posted to #oncall`);
    const sample = h.deliverer.delivered().at(-1)!;
    expect(sample.reply.title).toBe('Test: Human hand-off rate above 20 % — gone-bot');
    expect(sample.reply.notes[0]).toMatch(/^This is a test of alert #\d+/);
    expect((await h.press(sample.reply.actions![0]!)).reply.title).toMatch(/test .* nothing to acknowledge/);

    await h.tick(); // delivery resumed: the firing message, never posted, is owed at once
    expect(postedFor(h, id).map((d) => d.reply.title)).toEqual(['Test: Human hand-off rate above 20 % — gone-bot', 'Human hand-off rate above 20 % — gone-bot']);
  });
});
