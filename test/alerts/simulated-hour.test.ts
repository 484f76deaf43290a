import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShare } from '../../src/metrics/format.ts';
import { addConversations, addedId, alertsHarness, oncall, ruleState, spread, TestClock } from '../helpers/alerts-harness.ts';
import type { SimulatedConversation } from '../helpers/alerts-harness.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const minute = 60_000;
const t0 = new Date('2026-11-10T12:00:00Z');

describe(`a simulated hour of rising hand-off (${testEngine})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t?.close());

  it('goes pending when hand-off passes 20 %, fires after for:, posts once with the right numbers, and replies in the thread on recovery', async () => {
    const clock = new TestClock(new Date(t0.getTime() - 60 * minute));
    const h = alertsHarness(t.db, clock);
    // The hour before: one conversation a minute, one in ten handed off.
    const all: SimulatedConversation[] = spread('before', new Date(t0.getTime() - 60 * minute), 60, 60, (i) => i % 10 === 0);
    await addConversations(t.db, 'support-bot', all);
    clock.set(t0);
    const id = addedId(await h.ask('alert add handoff_rate above 20% support-bot'));

    // JS's own count of the rolling window, to hold the evaluator to.
    const windowAt = (now: Date) => {
      const inWindow = all.filter((c) => c.start.getTime() >= now.getTime() - 60 * minute && c.start < now);
      return { conversations: inWindow.length, handedOff: inWindow.filter((c) => c.handoff).length };
    };
    const states: string[] = [];
    let firstBreach: number | undefined;
    let firedAt: { minute: number; conversations: number; handedOff: number } | undefined;
    for (let m = 1; m <= 60; m++) {
      // Two conversations a minute; from minute 10 on, one of each two is handed off.
      const start = new Date(t0.getTime() + (m - 1) * minute);
      const added = [
        { id: `m${m}-a`, start: new Date(start.getTime() + 10_000), handoff: m >= 10 },
        { id: `m${m}-b`, start: new Date(start.getTime() + 40_000), handoff: false },
      ];
      all.push(...added);
      await addConversations(t.db, 'support-bot', added);
      const now = clock.advanceMinutes(1);
      const report = await h.tick();
      expect(report?.errors).toBe(0);
      const state = await ruleState(t.db, id);
      states.push(state);
      const w = windowAt(now);
      if (firstBreach === undefined && w.handedOff / w.conversations > 0.2) firstBreach = m;
      if (state === 'firing' && firedAt === undefined) firedAt = { minute: m, ...w };
    }

    expect(firstBreach).toBeDefined();
    const breach = firstBreach!;
    expect(states.slice(0, breach - 1).every((s) => s === 'ok')).toBe(true);
    // Pending from the first minute over 20 %, for five minutes (for:5m), then firing for the rest of the hour.
    expect(states.slice(breach - 1, breach + 4)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    expect(firedAt?.minute).toBe(breach + 5);
    expect(states.slice(breach + 4).every((s) => s === 'firing')).toBe(true);

    const posted = h.deliverer.delivered();
    expect(posted).toHaveLength(1);
    const firing = posted[0]!;
    const { conversations, handedOff } = firedAt!;
    expect(firing.destination).toMatchObject({ platform: 'slack', channelId: oncall.destination.channelId });
    expect(firing.options?.inReplyTo).toBeUndefined();
    expect(firing.reply.kind).toBe('alert');
    expect(firing.reply.title).toBe('Human hand-off rate above 20 % — support-bot');
    expect(firing.reply.text).toContain(`${handedOff} of ${conversations} conversations handed off, ${formatShare(handedOff / conversations)} > 20 % over the last hour.`);
    expect(firing.reply.text).toContain('Above 20 % for 5 min');
    expect(firing.reply.figures[0]).toMatchObject({ metric: 'handoff_rate', numerator: handedOff, denominator: conversations, value: handedOff / conversations });
    expect(firing.reply.actions?.map((a) => [a.id, a.label])).toEqual([['alert.acknowledge', 'Acknowledge'], ['alert.mute', 'Mute 1 h']]);
    expect(firing.reply.chart).toMatchObject({ kind: 'timeseries', bucket: 'hour', unit: 'share', threshold: { value: 0.2, label: 'alert above 20 %' } });
    const points = firing.reply.chart?.kind === 'timeseries' ? firing.reply.chart.series[0]!.points : [];
    expect(points).toHaveLength(24);

    // The next hour calms down: 100 conversations, 5 handed off. One reply, in the firing message's thread.
    const calm = spread('calm', clock.now(), 60, 100, (i) => i % 20 === 0);
    await addConversations(t.db, 'support-bot', calm);
    clock.advanceMinutes(60);
    await h.tick();
    await h.tick();
    expect(await ruleState(t.db, id)).toBe('ok');
    const after = h.deliverer.delivered();
    expect(after).toHaveLength(2);
    const recovery = after[1]!;
    expect(recovery.options).toEqual({ inReplyTo: firing.result.ok ? firing.result.messageId : '' });
    expect(recovery.reply.title).toBe('Recovered: Human hand-off rate above 20 % — support-bot');
    expect(recovery.reply.text).toContain('5 of 100 conversations handed off, 5 % < 18 % over the last hour.');

    // Digests read what fired through firedAlerts.
    const fired = await h.services.firedAlerts!(['support-bot'], { start: t0, end: clock.now() });
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ ruleId: String(id), metric: 'handoff_rate', botId: 'support-bot', direction: 'above', threshold: 0.2, value: handedOff / conversations });
    expect(fired[0]!.firedAt).toEqual(new Date(t0.getTime() + firedAt!.minute * minute));
    expect(fired[0]!.resolvedAt).toEqual(clock.now());
    expect(fired[0]!.summary).toContain('conversations handed off');
    expect(await h.services.firedAlerts!(['other-bot'], { start: t0, end: clock.now() })).toEqual([]);
  });
});
