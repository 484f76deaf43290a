import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRule } from '../../src/alerts/alert-rule.ts';
import { MeasureCache } from '../../src/alerts/evaluation.ts';
import { resolveRuleZone } from '../../src/alerts/rule-zone.ts';
import { usuallyActive } from '../../src/alerts/usual-activity.ts';
import { sameLocalTimeWeeksBefore } from '../../src/anomaly/week-shift.ts';
import { setBotTimeZone } from '../../src/metrics/bot-info.ts';
import { localZone } from '../../src/time/local-zone.ts';
import { fromLocal } from '../../src/time/zoned.ts';
import { addConversations, alertsHarness, spread, TestClock } from '../helpers/alerts-harness.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const ny = 'America/New_York';
// Monday 9 Nov 2026, 09:30 in New York (EST, UTC−5): the US left summer time on 1 Nov, so the
// weeks before had 09:00 local at 13:00 UTC, the week after at 14:00 UTC.
const now = new Date('2026-11-09T14:30:00Z');

describe(`a bot's own time zone (${testEngine})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    // Every weekday from 12 Oct to 6 Nov, 20 conversations between 09:00 and 10:00 New York time.
    for (let day = 12; day <= 37; day++) {
      const date = new Date(Date.UTC(2026, 9, day));
      if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
      const nine = fromLocal({ year: 2026, month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 9, minute: 0 }, ny);
      await addConversations(t.db, 'office-bot', spread(`office-${day}`, nine, 60, 20).map((c) => ({ ...c, ended: true })));
    }
  });
  afterAll(() => t?.close());

  it('judges silence alerts’ active hours in the bot’s zone, across the DST change', async () => {
    const first = new Date('2026-10-12T13:00:00Z');
    expect(await usuallyActive(t.db, 'office-bot', first, now, ny)).toBe(true);
    expect(await usuallyActive(t.db, 'office-bot', first, new Date('2026-11-09T08:30:00Z'), ny)).toBe(false); // 03:30 in New York
    // In UTC 14:00 is an active hour only since the change: a week of the four, not usual.
    expect(await usuallyActive(t.db, 'office-bot', first, now, 'UTC')).toBe(false);
  });

  it('takes a rule’s tz: first, then the bot’s zone, then BOTWATCH_TZ', async () => {
    expect(localZone('Asia/Tokyo', { timeZone: ny }, 'UTC')).toBe('Asia/Tokyo');
    expect(localZone(null, { timeZone: ny }, 'UTC')).toBe(ny);
    expect(localZone(null, {}, 'Europe/Berlin')).toBe('Europe/Berlin');
    const rule = (timeZone: string | null, botId: string | null = 'office-bot') => ({ botId, anomaly: { direction: 'up', sensitivity: 'medium', timeZone } }) as unknown as AlertRule;
    const zoneOf = async (r: AlertRule) => resolveRuleZone(r, { db: t.db, cache: new MeasureCache(), timeZone: 'Europe/Berlin' });
    expect((await zoneOf(rule(null))).zone).toBe('Europe/Berlin');
    expect(await setBotTimeZone(t.db, 'office-bot', ny)).toBe(true);
    expect(await setBotTimeZone(t.db, 'no-such-bot', ny)).toBe(false);
    expect((await zoneOf(rule(null))).zone).toBe(ny);
    expect((await zoneOf(rule('Asia/Tokyo'))).zone).toBe('Asia/Tokyo');
    expect((await zoneOf(rule(null, null))).zone).toBe('Europe/Berlin');
    await setBotTimeZone(t.db, 'office-bot', null);
  });

  it('an anomaly rule on p95 reply time says it in words, in the bot’s zone, from the rollups’ latency histogram', async () => {
    // Four previous Tuesdays 10:00–11:00 New York time: 60 replies around 800 ms; this Tuesday: 3–4 s.
    const tuesday = new Date('2026-11-10T16:00:00Z'); // 11:00 in New York
    const hourStart = new Date(tuesday.getTime() - 3_600_000);
    for (let k = 1; k <= 4; k++) {
      const from = sameLocalTimeWeeksBefore(hourStart, k, ny);
      await addConversations(t.db, 'slow-bot', spread(`slow-w${k}`, from, 60, 60).map((c, i) => ({ ...c, ended: true, latencyMs: 500 + ((i * 37 + k * 11) % 60) * 10 })));
    }
    await addConversations(t.db, 'slow-bot', spread('slow-now', hourStart, 59, 60).map((c, i) => ({ ...c, ended: true, latencyMs: 3_000 + (i % 10) * 100 })));
    await setBotTimeZone(t.db, 'slow-bot', ny);
    const h = alertsHarness(t.db, new TestClock(tuesday), { env: { BOTWATCH_TZ: 'UTC' } });
    const reply = await h.ask('anomalies slow-bot 1h');
    const line = (reply.text ?? '').split('\n').find((l) => l.includes('reply time p95'));
    // The replies bunch in one √2 bucket (3.2–4.5 s): the p95 read from it lands within it.
    expect(line).toMatch(/^slow-bot: reply time p95 [34]\.\d s over the last hour \(60 replies\) — higher than usual \(usually [\d.]+( ms)?–[\d.]+ (s|ms) on Tuesdays 10:00–11:00\)$/);
  });
});
