import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/command-context.ts';
import { answer } from '../../src/commands/run-command.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import { emptyFilter } from '../../src/metrics/cohort.ts';
import type { CohortFilter } from '../../src/metrics/cohort.ts';
import { metricCohorts, outcomes } from '../../src/metrics/drill-down/fates.ts';
import type { Outcome } from '../../src/metrics/drill-down/fates.ts';
import { listConversations } from '../../src/metrics/drill-down/list-conversations.ts';
import { rollupCount, totalFromRollups } from '../../src/metrics/drill-down/rollup-total.ts';
import type { Interval } from '../../src/time/windows.ts';
import { conversationEvents } from '../helpers/random-conversations.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

// Generated conversations of two bots over 10–12 Nov; the clock stops mid-hour on the 11th, so
// relative windows start and end inside an hour and some conversations are still in progress.
const now = new Date('2026-11-11T13:37:00Z');
let t: TestDatabase;
let ctx: CommandContext;
beforeAll(async () => {
  t = await openTestDatabase();
  const sample = <T,>(arb: fc.Arbitrary<T>, seed: number) => fc.sample(arb, { seed, numRuns: 1 })[0]!;
  const events: Record<string, unknown>[] = [];
  for (const bot of ['ta', 'tb']) for (let i = 0; i < 80; i++) events.push(...sample(conversationEvents(bot, i), i * 11 + bot.charCodeAt(1)));
  for (let i = 0; i < events.length; i += 50) {
    const { rows, rejected } = validateEvents(events.slice(i, i + 50), { storeMessageText: false, now: new Date('2026-11-20T00:00:00Z') });
    expect(rejected).toEqual([]);
    await storeEvents(t.db, rows);
  }
  ctx = { db: t.db, now: () => now, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
});
afterAll(() => t?.close());

const figure = async (command: string) => {
  const f = (await answer(command, ctx)).figures[0];
  if (f?.denominator === undefined) throw new Error(`${command}: no denominator in ${JSON.stringify(f)}`);
  return f;
};
const listed = async (command: string) => (await answer(command, ctx)).figures[0]?.value;

/** Windows whose ends fall inside hours (30h from 13:37; a day in a zone half an hour off UTC) and whole days. */
const scopes = ['30h', 'ta 30h', '2026-11-10 tz:Asia/Kolkata', 'tb 2026-11-10..2026-11-11 channel:web', '2026-11-10 version:2.0 intent:x'];

describe(`drill-down totals from the rollups (${testEngine})`, () => {
  it.each(scopes)('equal the figure the list drills down from, for every rate (%s)', async (scope) => {
    for (const [metric, cohort] of Object.entries(metricCohorts)) {
      const f = await figure(`${metric} ${scope}`);
      expect(f.denominator).toBeGreaterThan(0);
      expect({ metric, total: await listed(`list ${scope} metric:${metric}`) }).toEqual({ metric, total: f.denominator });
      if (cohort.numerator === undefined) continue;
      expect({ metric, total: await listed(`list ${scope} metric:${metric} outcome:${cohort.numerator}`) }).toEqual({ metric, total: f.numerator });
    }
    const volume = await answer(`conversations ${scope}`, ctx);
    expect(await listed(`list ${scope}`)).toBe(volume.figures[0]?.value);
  });

  it('equal the conversations the list holds, for every metric and outcome the rollups keep', async () => {
    const intervals: Interval[] = [
      { start: new Date('2026-11-10T07:37:00Z'), end: now },
      { start: new Date('2026-11-10T05:00:00Z'), end: new Date('2026-11-11T09:00:00Z') },
      { start: new Date('2026-11-10T10:05:00Z'), end: new Date('2026-11-10T10:55:00Z') },
    ];
    const filters: CohortFilter[] = [emptyFilter(), { ...emptyFilter(), bots: ['tb'], channels: ['sms', 'whatsapp'] }];
    let answered = 0;
    for (const interval of intervals) {
      for (const filter of filters) {
        for (const metric of [undefined, ...Object.keys(metricCohorts)]) {
          for (const outcome of [undefined, ...outcomes] as (Outcome | undefined)[]) {
            const q = { interval, filter, ...(metric ? { metric } : {}), ...(outcome ? { outcome } : {}), now, idleMinutes: 30 };
            const fromRollups = await totalFromRollups(t.db, q);
            if (fromRollups === undefined) continue;
            answered++;
            // With a page larger than the data, the page is every matching conversation.
            const { conversations } = await listConversations(t.db, { ...q, limit: 10_000 });
            expect({ metric, outcome, total: fromRollups }).toEqual({ metric, outcome, total: conversations.length });
          }
        }
      }
    }
    expect(answered).toBeGreaterThan(300);
  }, 120_000);

  it('are counted when the rollups cannot tell: a last step, a flow, or a pair that is no aggregate', async () => {
    const base = { interval: { start: new Date('2026-11-10T07:37:00Z'), end: now }, filter: emptyFilter(), now, idleMinutes: 30 };
    expect(rollupCount({ ...base, outcome: 'unresolved' })).toBeDefined();
    expect(rollupCount({ ...base, outcome: 'unresolved', step: 'a' })).toBeUndefined();
    expect(rollupCount({ ...base, filter: { ...emptyFilter(), flows: ['f'] } })).toBeUndefined();
    expect(rollupCount({ ...base, metric: 'resolution_rate', outcome: 'lead' })).toBeUndefined();
    for (const extra of [{ step: 'b' }, { filter: { ...emptyFilter(), flows: ['f'] } }, { metric: 'abandon_rate', outcome: 'handoff' as const }]) {
      const { total, conversations } = await listConversations(t.db, { ...base, ...extra, limit: 10_000 });
      expect(conversations.length).toBeGreaterThan(0);
      expect(total).toBe(conversations.length);
    }
  });
});
