import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { aggregateNames } from '../../src/metrics/aggregates.ts';
import { latencyBucketNames } from '../../src/metrics/latency-histogram.ts';
import { queryFactAggregates } from '../../src/metrics/query-aggregates.ts';
import type { AggregateQuery, AggregateRow } from '../../src/metrics/query-aggregates.ts';
import { queryRollupAggregates, rollupsCanAnswer } from '../../src/metrics/rollups/query-rollups.ts';
import { flowsInWindow, queryFunnels } from '../../src/metrics/funnel.ts';
import type { Funnel } from '../../src/metrics/funnel.ts';
import type { CohortFilter } from '../../src/metrics/cohort.ts';
import type { Interval } from '../../src/time/windows.ts';
import { conversationEvents } from '../helpers/random-conversations.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  // Two bots, stored in several batches; later batches add events to earlier conversations,
  // some of them earlier than the conversation's start (the conversation moves to another hour).
  const sample = <T,>(arb: fc.Arbitrary<T>, seed: number) => fc.sample(arb, { seed, numRuns: 1 })[0]!;
  const events: Record<string, unknown>[] = [];
  for (const bot of ['ra', 'rb']) for (let i = 0; i < 60; i++) events.push(...sample(conversationEvents(bot, i), i * 7 + bot.length));
  const late = events.filter((_, i) => i % 5 === 0).map((e, i) => ({ ...e, id: `${String(e.id)}-late`, timestamp: new Date(Date.parse(String(e.timestamp)) + (i % 2 === 0 ? -90 : 45) * 60_000).toISOString() }));
  const all = [...events, ...late];
  const now = new Date('2026-11-20T00:00:00Z');
  for (let i = 0; i < all.length; i += 40) {
    const { rows, rejected } = validateEvents(all.slice(i, i + 40), { storeMessageText: false, now });
    expect(rejected).toEqual([]);
    await storeEvents(t.db, rows);
  }
});
afterAll(() => t?.close());

const normalise = (rows: AggregateRow[]) =>
  rows
    .map((r) => ({ key: `${r.period}|${r.group ?? ''}`, values: aggregateNames.map((n) => Math.round(r.aggregates[n] * 1e6) / 1e6) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));

const base = Date.parse('2026-11-09T20:00:00Z');
const query = fc.record({
  startMinute: fc.integer({ min: 0, max: 60 * 60 }),
  lengthMinutes: fc.integer({ min: 1, max: 60 * 60 }),
  nowMinute: fc.integer({ min: 0, max: 60 * 80 }),
  groupBy: fc.constantFrom(undefined, 'hour', 'day', 'week', 'channel', 'version', 'intent', 'bot'),
  zone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Pacific/Auckland'),
  bots: fc.subarray(['ra', 'rb']),
  versions: fc.subarray(['1.0', '2.0']),
  channels: fc.subarray(['web', 'sms', 'whatsapp']),
  intents: fc.subarray(['x', 'y']),
  previous: fc.boolean(),
});

describe(`hourly rollups (${testEngine})`, () => {
  it('keep no rows counting no conversation after out-of-order ingest moved conversations to other hours', async () => {
    const [facts] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM fact_rollups WHERE conversations = 0');
    const [steps] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM step_rollups WHERE reached = 0');
    expect({ facts: facts?.n, steps: steps?.n }).toEqual({ facts: 0, steps: 0 });
  });

  it('give the same numbers as the plain facts query, for any window, grouping, filter and clock', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (g) => {
        const start = new Date(base + g.startMinute * 60_000);
        const length = g.lengthMinutes * 60_000;
        const q: AggregateQuery = {
          filter: { bots: g.bots, versions: g.versions, channels: g.channels, intents: g.intents, flows: [] },
          current: { start, end: new Date(start.getTime() + length) },
          ...(g.previous ? { previous: { start: new Date(start.getTime() - length), end: start } } : {}),
          ...(g.groupBy ? { groupBy: g.groupBy } : {}),
          timeZone: g.zone,
          now: new Date(base + g.nowMinute * 60_000),
          idleMinutes: 30,
        };
        expect(rollupsCanAnswer(q)).toBe(true);
        const [viaRollups, viaFacts] = await Promise.all([queryRollupAggregates(t.db, q), queryFactAggregates(t.db, q)]);
        expect(normalise(viaRollups)).toEqual(normalise(viaFacts));
      }),
      { numRuns: 150 },
    );
  }, 180_000);

  it('leave zones whose hours are not UTC hours, flow filters and user counts to the facts', () => {
    const q: AggregateQuery = { filter: { bots: [], versions: [], channels: [], intents: [], flows: [] }, current: { start: new Date(base), end: new Date(base + 86_400_000) }, timeZone: 'UTC', now: new Date(base), idleMinutes: 30 };
    expect(rollupsCanAnswer(q)).toBe(true);
    expect(rollupsCanAnswer({ ...q, timeZone: 'Asia/Kolkata' })).toBe(false);
    expect(rollupsCanAnswer({ ...q, filter: { ...q.filter, flows: ['f'] } })).toBe(false);
    expect(rollupsCanAnswer({ ...q, users: true })).toBe(false);
  });

  it('are rebuilt exactly by the migration backfill', async () => {
    const read = () => t.db.query(`SELECT * FROM fact_rollups WHERE conversations <> 0 ORDER BY bot_id, hour, bot_version, channel, first_intent`);
    const maintained = await read();
    expect(maintained.length).toBeGreaterThan(10);
    const migration = fs.readFileSync(new URL('../../migrations/0003_fact_rollups.sql', import.meta.url), 'utf8');
    const backfill = migration.slice(migration.indexOf('INSERT INTO fact_rollups'));
    // Columns added later are backfilled by their own migrations: the latency histogram's, from the events.
    const histogram = fs.readFileSync(new URL('../../migrations/0016_latency_histogram_and_bot_time_zone.sql', import.meta.url), 'utf8');
    const histogramBackfill = histogram.slice(histogram.indexOf('UPDATE conversation_facts'), histogram.indexOf('-- A bot'));
    const readFacts = () => t.db.query(`SELECT bot_id, conversation_id, ${latencyBucketNames.join(', ')} FROM conversation_facts ORDER BY bot_id, conversation_id`);
    const facts = await readFacts();
    expect(facts.some((f) => latencyBucketNames.some((n) => Number(f[n]) > 0))).toBe(true);
    await t.db.transaction(async (tx) => {
      await tx.query(`UPDATE conversation_facts SET ${latencyBucketNames.map((n) => `${n} = 0`).join(', ')}`);
      await tx.query('DELETE FROM fact_rollups');
      await tx.exec(backfill);
      await tx.exec(histogramBackfill);
    });
    expect(await readFacts()).toEqual(facts);
    expect(await read()).toEqual(maintained);
  });
});

/** A funnel straight from every conversation's facts: the reference the rollups must agree with. */
async function funnelFromFacts(interval: Interval, filter: CohortFilter, flow: string, settledBefore: Date): Promise<Funnel> {
  const where = `f.started_at >= $1 AND f.started_at < $2 AND (cardinality($3::text[]) = 0 OR f.bot_id = ANY($3)) AND (cardinality($4::text[]) = 0 OR f.bot_version = ANY($4))
    AND (cardinality($5::text[]) = 0 OR f.channel = ANY($5)) AND (cardinality($6::text[]) = 0 OR f.first_intent = ANY($6)) AND $7 = ANY(f.flows)`;
  const params = [interval.start, interval.end, filter.bots, filter.versions, filter.channels, filter.intents, flow];
  const steps = await t.db.query<{ step: string; reached: number; rank: number; final: boolean }>(
    `SELECT s.elem->>1 AS step, count(*)::float8 AS reached, avg((s.elem->>4)::int)::float8 AS rank, bool_or((s.elem->>3)::boolean) AS final
     FROM conversation_facts f, jsonb_array_elements(f.steps) AS s(elem) WHERE ${where} AND s.elem->>0 = $7 GROUP BY 1`,
    params,
  );
  const [entry] = await t.db.query<{ entered: number; open: number }>(
    `SELECT count(*)::float8 AS entered, count(*) FILTER (WHERE f.ended_at IS NULL AND f.last_event_at >= $8)::float8 AS open FROM conversation_facts f WHERE ${where}`,
    [...params, settledBefore],
  );
  const ordered = steps.sort((a, b) => Number(a.final) - Number(b.final) || a.rank - b.rank || b.reached - a.reached);
  const entered = entry?.entered ?? 0;
  return {
    flow,
    entered,
    inProgress: entry?.open ?? 0,
    steps: ordered.map((s, i) => {
      const before = i === 0 ? entered : ordered[i - 1]!.reached;
      return { step: s.step, reached: s.reached, conversion: i === 0 ? null : before > 0 ? s.reached / before : null, dropOff: Math.max(0, before - s.reached) };
    }),
  };
}

describe(`hourly step rollups (${testEngine})`, () => {
  it('give funnels and flow counts equal to the facts, for any window, filter and clock', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (g) => {
        const start = new Date(base + g.startMinute * 60_000);
        const interval = { start, end: new Date(start.getTime() + g.lengthMinutes * 60_000) };
        const filter: CohortFilter = { bots: g.bots, versions: g.versions, channels: g.channels, intents: g.intents, flows: [] };
        const settledBefore = new Date(base + g.nowMinute * 60_000 - 30 * 60_000);
        const [[funnel], reference, flows] = await Promise.all([queryFunnels(t.db, interval, filter, ['f'], settledBefore), funnelFromFacts(interval, filter, 'f', settledBefore), flowsInWindow(t.db, interval, filter)]);
        const round = (f: Funnel | undefined) => JSON.parse(JSON.stringify(f, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v))) as unknown;
        expect(round(funnel)).toEqual(round(reference));
        expect(flows).toEqual(reference.entered > 0 ? [{ flow: 'f', n: reference.entered }] : []);
      }),
      { numRuns: 100 },
    );
  }, 180_000);

  it('are rebuilt exactly by the migration backfill', async () => {
    const read = () => t.db.query(`SELECT * FROM step_rollups WHERE reached <> 0 OR rank_sum <> 0 OR finals <> 0 ORDER BY bot_id, hour, bot_version, channel, first_intent, flow, step`);
    const maintained = await read();
    expect(maintained.length).toBeGreaterThan(10);
    const migration = fs.readFileSync(new URL('../../migrations/0009_step_rollups.sql', import.meta.url), 'utf8');
    const backfill = migration.slice(migration.indexOf('INSERT INTO step_rollups'));
    await t.db.transaction(async (tx) => {
      await tx.query('DELETE FROM step_rollups');
      await tx.exec(backfill);
    });
    expect(await read()).toEqual(maintained);
  });
});
