import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellsAnswer, queryAggregateCells, sumCells } from '../../src/alerts/aggregate-cells.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { aggregateNames, type Aggregates } from '../../src/metrics/aggregates.ts';
import { queryAggregates, sumAggregates } from '../../src/metrics/query-aggregates.ts';
import { conversationEvents } from '../helpers/random-conversations.ts';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  const sample = <T,>(arb: fc.Arbitrary<T>, seed: number) => fc.sample(arb, { seed, numRuns: 1 })[0]!;
  const events: Record<string, unknown>[] = [];
  for (const bot of ['ca', 'cb']) for (let i = 0; i < 60; i++) events.push(...sample(conversationEvents(bot, i), i * 11 + bot.length));
  const now = new Date('2026-11-20T00:00:00Z');
  for (let i = 0; i < events.length; i += 50) {
    const { rows, rejected } = validateEvents(events.slice(i, i + 50), { storeMessageText: false, now });
    expect(rejected).toEqual([]);
    await storeEvents(t.db, rows);
  }
});
afterAll(() => t?.close());

const rounded = (a: Aggregates) => aggregateNames.map((n) => Math.round(a[n] * 1e6) / 1e6);
const base = Date.parse('2026-11-09T20:00:00Z');

describe(`alert rules' aggregates from cells (${testEngine})`, () => {
  it('sum to what the rule filter queried on its own gives, for any bot, version and channel filter, window and clock', async () => {
    const rule = fc.record({
      bots: fc.constantFrom<string[]>([], ['ca'], ['cb']),
      versions: fc.subarray(['1.0', '2.0']),
      channels: fc.subarray(['web', 'sms', 'whatsapp']),
      endMinute: fc.integer({ min: 0, max: 60 * 60 }),
      windowMinutes: fc.constantFrom(15, 30, 60, 120, 360, 1440, 37),
      clockMinutes: fc.integer({ min: 0, max: 120 }),
    });
    await fc.assert(
      fc.asyncProperty(rule, async (r) => {
        const end = new Date(base + r.endMinute * 60_000);
        const window = { start: new Date(end.getTime() - r.windowMinutes * 60_000), end };
        const clock = { now: new Date(end.getTime() + r.clockMinutes * 60_000), idleMinutes: 30 };
        const filter = { bots: r.bots, versions: r.versions, channels: r.channels, intents: [], flows: [] };
        expect(cellsAnswer(filter)).toBe(true);
        const alone = await queryAggregates(t.db, { filter, current: window, timeZone: 'UTC', ...clock });
        const cells = await queryAggregateCells(t.db, r.bots, window, clock);
        expect(rounded(sumCells(cells, filter))).toEqual(rounded(sumAggregates(alone.map((row) => row.aggregates))));
      }),
      { numRuns: 120 },
    );
  }, 180_000);

  it('leave intent and flow filters, and empty values, to a query of their own', () => {
    const none = { bots: [], versions: [], channels: [], intents: [], flows: [] };
    expect(cellsAnswer(none)).toBe(true);
    expect(cellsAnswer({ ...none, intents: ['refund'] })).toBe(false);
    expect(cellsAnswer({ ...none, flows: ['booking'] })).toBe(false);
    expect(cellsAnswer({ ...none, channels: [''] })).toBe(false);
  });
});
