import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Asker } from '../../src/chat/destination.ts';
import { addedId, alertsHarness, nextHour, oncall, postedFor, ruleState, TestClock } from '../helpers/alerts-harness.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const elsewhere: Asker = { ...oncall, userId: 'U0EVE', displayName: 'Eve', destination: { platform: 'slack', channelId: 'C0OTHER', name: '#other' } };
const teamsSameId: Asker = { ...oncall, platform: 'teams', destination: { platform: 'teams', channelId: 'C0ONCALL' } };

describe(`alert buttons (${testEngine})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase();
  });
  afterEach(() => t?.close());

  it('act only on a rule of the conversation they were posted in', async () => {
    const clock = new TestClock(new Date('2026-11-02T00:00:00Z'));
    const h = alertsHarness(t.db, clock);
    await nextHour(t.db, clock, 'scope-bot', 5, [h]);
    const id = addedId(await h.ask('alert add handoff above 20% scope-bot for:0m renotify:1h'));
    await nextHour(t.db, clock, 'scope-bot', 30, [h]);
    const [firing] = postedFor(h, id);
    const acknowledge = firing!.reply.actions!.find((a) => a.id === 'alert.acknowledge')!;
    const mute = firing!.reply.actions!.find((a) => a.id === 'alert.mute')!;

    for (const asker of [elsewhere, teamsSameId]) {
      for (const button of [acknowledge, mute]) {
        const refused = await h.press(button, asker);
        expect(refused.reply).toMatchObject({ kind: 'error', title: `Alert #${id} does not notify this conversation.` });
        expect(refused.updatedMessage).toBeUndefined();
      }
    }
    const [row] = await t.db.query<{ acknowledged_by: string | null; muted_until: Date | null }>('SELECT acknowledged_by, muted_until FROM alert_rules WHERE id = $1', [id]);
    expect(row).toEqual({ acknowledged_by: null, muted_until: null });
    expect(await ruleState(t.db, id)).toBe('firing');

    // The same buttons in the rule's own conversation work.
    expect((await h.press(acknowledge, oncall)).reply.title).toBe(`Alert #${id} acknowledged`);
    expect((await h.press(mute, oncall)).reply.title).toMatch(new RegExp(`^Alert #${id} muted until`));
  });
});
