import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { aggregateNames } from '../../src/metrics/aggregates.ts';
import { emptyFilter, filterConditions } from '../../src/metrics/cohort.ts';
import { queryAggregates, sumAggregates } from '../../src/metrics/query-aggregates.ts';
import { at, event } from '../helpers/events.ts';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  const events = ['eb-a', 'eb-b', 'eb-c'].flatMap((botId, b) =>
    Array.from({ length: 4 + b }, (_c, c) => {
      const base = { botId, conversationId: `c${c}`, userId: `u${c}`, channel: 'web', botVersion: '1.0' };
      return [event('conversation.started', { ...base, timestamp: at('2026-11-10T10:00:00Z', c * 7 + b) }), event('handoff', { ...base, timestamp: at('2026-11-10T10:00:00Z', c * 7 + b + 1) })];
    }).flat(),
  );
  const { rows, rejected } = validateEvents(events, { storeMessageText: false, now: new Date('2026-11-11T00:00:00Z') });
  expect(rejected).toEqual([]);
  await storeEvents(t.db, rows);
});
afterAll(() => t?.close());

describe(`a filter naming no bot (${testEngine})`, () => {
  it('names every bot ingest recorded, so the bot-first indexes serve a time range', () => {
    const params: unknown[] = [];
    expect(filterConditions(emptyFilter(), params)).toEqual(['f.bot_id = ANY(ARRAY(SELECT bot_id FROM bots))']);
  });

  it('selects every conversation stored: the sum over the bots one by one, whole hours and partial ones', async () => {
    const q = { current: { start: new Date('2026-11-10T09:30:00Z'), end: new Date('2026-11-10T11:10:00Z') }, timeZone: 'UTC', now: new Date('2026-11-11T00:00:00Z'), idleMinutes: 30 };
    const all = sumAggregates((await queryAggregates(t.db, { ...q, filter: emptyFilter() })).map((r) => r.aggregates));
    const one = await Promise.all(['eb-a', 'eb-b', 'eb-c'].map(async (bot) => sumAggregates((await queryAggregates(t.db, { ...q, filter: { ...emptyFilter(), bots: [bot] } })).map((r) => r.aggregates))));
    expect(all.conversations).toBe(4 + 5 + 6);
    expect(aggregateNames.map((n) => all[n])).toEqual(aggregateNames.map((n) => one.reduce((s, a) => s + a[n], 0)));
  });
});
