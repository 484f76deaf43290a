import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeFacts } from '../../src/events/recompute-facts.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { emptyFilter } from '../../src/metrics/cohort.ts';
import { queryScoreSums } from '../../src/metrics/score-sums.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const base = Date.parse('2026-11-10T00:00:00Z');
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** Random conversations of scores (numbers, labels or both) and messages, over a day and a half. */
const conversations = (botId: string) =>
  fc.array(
    fc.record({
      channel: fc.constantFrom('web', 'sms'),
      version: fc.constantFrom('1.0', '2.0'),
      events: fc.array(
        fc.record({
          minute: fc.integer({ min: 0, max: 36 * 60 }),
          score: fc.option(
            fc.record({
              name: fc.constantFrom('faithfulness', 'user_feedback', 'Relevance'),
              value: fc.option(fc.constantFrom(0, 0.1, 0.25, 0.333, 1, -1, 4.5, 1e6), { nil: undefined }),
              label: fc.option(fc.constantFrom('pass', 'fail', 'thumbs_down'), { nil: undefined }),
            }),
            { nil: undefined },
          ),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
    { minLength: 1, maxLength: 12 },
  ).map((convs) =>
    convs.flatMap((c, i) =>
      c.events.map((e, k) => {
        const common = { id: `${botId}-${i}-${k}`, timestamp: new Date(base + e.minute * 60_000).toISOString(), botId, conversationId: `c${i}`, channel: c.channel, botVersion: c.version };
        const score = e.score && (e.score.value !== undefined || e.score.label !== undefined) ? e.score : undefined;
        if (score === undefined) return { ...common, type: 'message.received' };
        return { ...common, type: 'score', name: score.name, ...(score.value !== undefined ? { value: score.value } : {}), ...(score.label !== undefined ? { label: score.label } : {}) };
      }),
    ),
  );

/** What score_rollups must hold, straight from the stored events (a conversation's hour is its first event's). */
const expectedRollups = (botId: string) =>
  t.db.query(
    `WITH started AS (SELECT conversation_id, min(ts) AS at FROM events WHERE bot_id = $1 GROUP BY 1)
     SELECT date_trunc('hour', s.at, 'UTC') AS hour, coalesce(f.bot_version, '') AS bot_version, coalesce(f.channel, '') AS channel, e.score_name AS name, coalesce(e.score_label, '') AS label,
       count(*)::int AS scores, count(e.value)::int AS value_count, coalesce(sum(e.value), 0)::text AS value_sum, coalesce(sum(e.value * e.value), 0)::text AS value_sq_sum
     FROM events e JOIN started s USING (conversation_id) JOIN conversation_facts f ON f.bot_id = e.bot_id AND f.conversation_id = e.conversation_id
     WHERE e.bot_id = $1 AND e.type = 'score'
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    [botId],
  );
const storedRollups = (botId: string) =>
  t.db.query(
    `SELECT hour, bot_version, channel, name, label, scores::int AS scores, value_count::int AS value_count, value_sum::text AS value_sum, value_sq_sum::text AS value_sq_sum
     FROM score_rollups WHERE bot_id = $1 ORDER BY 1, 2, 3, 4, 5`,
    [botId],
  );

let run = 0;

describe(`score rollups (${testEngine})`, () => {
  it('equal a recompute from the raw events after late, out-of-order batches, and a second recompute changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        conversations('bot').chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.integer({ min: 1, max: 4 }))),
        async ([generated, shuffled, batches]) => {
          // A bot of its own for every run, shrinking runs included.
          const botId = `scores-${run++}`;
          const events = generated.map((e) => ({ ...e, botId }));
          const { rows, rejected } = validateEvents(shuffled.map((e) => ({ ...e, botId })), { storeMessageText: false, now: new Date(base + 40 * 3_600_000) });
          expect(rejected).toEqual([]);
          const size = Math.ceil(rows.length / batches);
          for (let i = 0; i < rows.length; i += size) await storeEvents(t.db, rows.slice(i, i + size));

          const stored = await storedRollups(botId);
          expect(stored).toEqual(await expectedRollups(botId));
          expect(stored.every((r) => (r as { scores: number }).scores > 0)).toBe(true);

          const facts = () => t.db.query(`SELECT conversation_id, score_count, scores FROM conversation_facts WHERE bot_id = $1 ORDER BY 1`, [botId]);
          const before = await facts();
          const ids = [...new Set(events.map((e) => e.conversationId))];
          await t.db.transaction((tx) => recomputeFacts(tx, { botIds: ids.map(() => botId), conversationIds: ids }));
          expect(await facts()).toEqual(before);
          expect(await storedRollups(botId)).toEqual(stored);

          // Any window, partial hours included: the rollups-and-edges sums equal the sums over the raw events.
          const from = new Date(base + 17 * 60_000 + (events.length % 7) * 3_600_000);
          const to = new Date(from.getTime() + 26 * 3_600_000 + 31 * 60_000);
          const sums = await queryScoreSums(t.db, { start: from, end: to }, { ...emptyFilter(), bots: [botId] });
          const raw = await t.db.query<{ name: string; scores: number; value_count: number; value_sum: string }>(
            `WITH started AS (SELECT conversation_id, min(ts) AS at FROM events WHERE bot_id = $1 GROUP BY 1)
             SELECT e.score_name AS name, count(*)::int AS scores, count(e.value)::int AS value_count, coalesce(sum(e.value), 0)::text AS value_sum
             FROM events e JOIN started s USING (conversation_id)
             WHERE e.bot_id = $1 AND e.type = 'score' AND s.at >= $2 AND s.at < $3 GROUP BY 1 ORDER BY 1`,
            [botId, from, to],
          );
          // Counts are exact; a window's sum adds its hours' exact sums as doubles.
          expect(sums.map((s) => [s.name, s.scores, s.valueCount]).sort()).toEqual(raw.map((r) => [r.name, r.scores, r.value_count]).sort());
          for (const r of raw) expect(Math.abs((sums.find((s) => s.name === r.name)?.valueSum ?? Number.NaN) - Number(r.value_sum))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(Number(r.value_sum))));
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});
