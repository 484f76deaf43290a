import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRule } from '../../src/alerts/rule-store.ts';
import { setBotTimeZone } from '../../src/metrics/bot-info.ts';
import { fromLocal } from '../../src/time/zoned.ts';
import { addConversations, addedId, alertsHarness, ruleState, spread, TestClock } from '../helpers/alerts-harness.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const ny = 'America/New_York';
// Tuesday 10 Nov 2026, 11:00 in New York (EST, UTC−5). The US left summer time on 1 Nov: the
// previous Tuesday's 10:00–11:00 was 15:00–16:00 UTC, the three before it 14:00–15:00 UTC.
const now = new Date('2026-11-10T16:00:00Z');
const env = { BOTWATCH_TZ: 'UTC' };

describe(`an anomaly rule's time zone follows its bot's (${testEngine})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    // The four previous Tuesdays and this one: 60 conversations between 10:00 and 11:00 New York time.
    for (const day of [13, 20, 27, 34, 41]) {
      const date = new Date(Date.UTC(2026, 9, day));
      const ten = fromLocal({ year: 2026, month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 10, minute: 0 }, ny);
      await addConversations(t.db, 'office-bot', spread(`office-${day}`, ten, 60, 60).map((c) => ({ ...c, ended: true })));
    }
  });
  afterAll(() => t?.close());

  it('a rule added without tz: judges in the zone the bot is given later; one with tz: keeps its own; alert list says which', async () => {
    const clock = new TestClock(now);
    const h = alertsHarness(t.db, clock, { env });
    const added = await h.ask('alert add conversations anomaly office-bot');
    expect(added.text).toContain("Time zone: UTC (BOTWATCH_TZ) until office-bot is given one of its own (botwatch bots tz); then it follows the bot's.");
    const follows = addedId(added);
    const fixed = addedId(await h.ask('alert add conversations anomaly office-bot tz:UTC'));
    const row = async (id: number) => (await h.ask('alert list')).table?.rows.find((r) => r.rule?.startsWith(`#${id} `))?.rule;
    const note = async (id: number) => (await t.db.query<{ last_note: string | null }>('SELECT last_note FROM alert_rules WHERE id = $1', [id]))[0]?.last_note;

    // In UTC this hour (15:00–16:00) was busy only last Tuesday, after the clocks changed: unusual.
    await h.tick();
    expect(await ruleState(t.db, follows)).toBe('pending');
    expect(await ruleState(t.db, fixed)).toBe('pending');
    expect(await note(follows)).toMatch(/on Tuesdays 15:00–16:00$/);
    expect(await row(follows)).toMatch(/ · local time UTC \(BOTWATCH_TZ\)$/);
    expect(await row(fixed)).toMatch(/ · local time UTC \(its tz:\)$/);

    // `botwatch bots tz office-bot America/New_York`: the next evaluation matches New York's
    // 10:00–11:00 of every previous Tuesday, where this hour's 60 conversations are usual.
    expect(await setBotTimeZone(t.db, 'office-bot', ny)).toBe(true);
    clock.advanceMinutes(1);
    await h.tick();
    expect(await ruleState(t.db, follows)).toBe('ok');
    expect(await note(follows)).toMatch(/on Tuesdays 10:01–11:01$/);
    expect(await row(follows)).toMatch(/ · local time America\/New_York \(the bot's\)$/);
    expect((await findRule(t.db, follows))?.anomaly?.timeZone).toBeNull();

    expect(await ruleState(t.db, fixed)).toBe('firing');
    expect(await note(fixed)).toMatch(/on Tuesdays 15:01–16:01$/);
    expect(await row(fixed)).toMatch(/ · local time UTC \(its tz:\)$/);
    const silence = (await h.ask('alert list')).table?.rows.find((r) => r.rule?.includes('office-bot silent'))?.rule;
    expect(silence).toMatch(/ · local time America\/New_York \(the bot's\)$/);
  });
});
