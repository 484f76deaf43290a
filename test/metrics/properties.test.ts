import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/commands/run-command.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import { aggregateNames } from '../../src/metrics/aggregates.ts';
import { metricCatalog } from '../../src/metrics/catalog.ts';
import { emptyFilter } from '../../src/metrics/cohort.ts';
import { evaluateMetrics } from '../../src/metrics/evaluate-metrics.ts';
import { sentEventTypes } from '../../src/metrics/bot-info.ts';
import { queryAggregates, sumAggregates } from '../../src/metrics/query-aggregates.ts';
import { parseWindow } from '../../src/time/windows.ts';
import type { TimeWindow } from '../../src/time/windows.ts';
import { botDay } from '../helpers/random-conversations.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const now = new Date('2026-11-20T00:00:00Z');
const store = async (events: Record<string, unknown>[], clock = now) => {
  const { rows, rejected } = validateEvents(events, { storeMessageText: false, now: clock });
  expect(rejected).toEqual([]);
  await storeEvents(t.db, rows);
};
const window = (token: string) => parseWindow(token, { now, timeZone: 'UTC' }) as TimeWindow;
let run = 0;

describe(`metric properties on random data (${testEngine})`, () => {
  it('gives every share in [0, 1] or n/a, never NaN', async () => {
    await fc.assert(
      fc.asyncProperty(botDay('p'), async (events) => {
        const botId = `share${run++}`;
        await store(events.map((e) => ({ ...e, botId, id: `${botId}${String(e.id)}` })));
        const filter = { ...emptyFilter(), bots: [botId] };
        const sent = await sentEventTypes(t.db, [botId]);
        const result = await evaluateMetrics(t.db, metricCatalog, { filter, window: window('2026-11-10..2026-11-12'), now, idleMinutes: 30, sent, botsLabel: botId });
        for (const m of result.metrics) {
          const v = m.current.value;
          if (v === null) expect(m.current.reason, m.metric.id).toBeTruthy();
          else {
            expect(Number.isFinite(v), m.metric.id).toBe(true);
            if (m.metric.unit === 'share') expect(v >= 0 && v <= 1, `${m.metric.id} = ${v}`).toBe(true);
          }
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('adds up: a window split in two sums to the whole window', async () => {
    await fc.assert(
      fc.asyncProperty(botDay('s'), fc.integer({ min: 1, max: 47 }), async (events, splitHour) => {
        const botId = `split${run++}`;
        await store(events.map((e) => ({ ...e, botId, id: `${botId}${String(e.id)}` })));
        const filter = { ...emptyFilter(), bots: [botId] };
        const whole = { start: new Date('2026-11-10T00:00:00Z'), end: new Date('2026-11-12T00:00:00Z') };
        const middle = new Date(whole.start.getTime() + splitHour * 3_600_000 + 17 * 60_000);
        const q = async (interval: { start: Date; end: Date }) =>
          sumAggregates((await queryAggregates(t.db, { filter, current: interval, timeZone: 'UTC', now, idleMinutes: 30 })).map((r) => r.aggregates));
        const [all, first, second] = await Promise.all([q(whole), q({ start: whole.start, end: middle }), q({ start: middle, end: whole.end })]);
        for (const name of aggregateNames) expect(first[name] + second[name], name).toBeCloseTo(all[name], 6);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('does not depend on the order events arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(botDay('o').chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))), async ([ordered, shuffled]) => {
        const a = `ordered${run}`;
        const b = `shuffled${run++}`;
        await store(ordered.map((e) => ({ ...e, botId: a, id: `${a}${String(e.id)}` })));
        for (const e of shuffled) await store([{ ...e, botId: b, id: `${b}${String(e.id)}` }]);
        const ctx = { db: t.db, now: () => now, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
        const figures = async (bot: string) => (await answer(`summary ${bot} 2026-11-10..2026-11-12`, ctx)).figures.map((f) => [f.metric, f.value]);
        expect(await figures(b)).toEqual(await figures(a));
      }),
      { numRuns: 8 },
    );
  }, 120_000);

  it('selects different conversations for "today" in Auckland and in Los Angeles', async () => {
    // now = 09:00 UTC = 22:00 in Auckland (day began 11:00 UTC the day before) = 01:00 in Los Angeles (began 08:00 UTC).
    const tzNow = new Date('2026-11-23T09:00:00Z');
    const at = ['2026-11-22T10:00:00Z', '2026-11-22T12:00:00Z', '2026-11-23T07:30:00Z', '2026-11-23T08:30:00Z'];
    await store(at.map((ts, i) => ({ id: `tz${i}`, type: 'message.received', timestamp: ts, botId: 'tz-bot', conversationId: `tz${i}` })), tzNow);
    const ctx = { db: t.db, now: () => tzNow, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
    const count = async (zone: string) => (await answer(`conversations tz-bot today tz:${zone}`, ctx)).figures[0]?.value;
    expect(await count('Pacific/Auckland')).toBe(3); // 12:00, 07:30, 08:30 UTC
    expect(await count('America/Los_Angeles')).toBe(1); // 08:30 UTC only
  });
});
