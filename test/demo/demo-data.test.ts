import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/commands/run-command.ts';
import type { Database } from '../../src/db/database.ts';
import type { DemoState } from '../../src/demo/demo-state.ts';
import { readDemoState, writeDemoState } from '../../src/demo/demo-state.ts';
import { LiveDemoTraffic } from '../../src/demo/live-demo-traffic.ts';
import { loadDemoMonth } from '../../src/demo/load-demo-month.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const anchor = new Date('2026-11-23T10:17:00Z');
const week: DemoState = { status: 'loading', seed: 1, anchor, days: 7, perDay: 1_000, loadedDays: 0 };

let t: TestDatabase;
let loaded: DemoState;
beforeAll(async () => {
  t = await openTestDatabase();
  await writeDemoState(t.db, week);
  loaded = await loadDemoMonth(t.db, week);
});
afterAll(() => t?.close());

const ask = (db: Database, text: string, now = anchor) => answer(text, { db, now: () => now, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });
const figures = (reply: Reply) => Object.fromEntries(reply.figures.map((f) => [f.metric, f.value]));

/** Facts and events in a form two databases can be compared by. */
async function fingerprint(db: Database) {
  const [events] = await db.query<{ n: number; digest: string }>(`SELECT count(*)::int AS n, md5(string_agg(bot_id || conversation_id || id || ts::text, ',' ORDER BY bot_id, conversation_id, id)) AS digest FROM events`);
  const [facts] = await db.query<{ n: number; digest: string }>(
    `SELECT count(*)::int AS n, md5(string_agg((to_jsonb(f) - 'updated_at')::text, ',' ORDER BY bot_id, conversation_id)) AS digest FROM conversation_facts f`,
  );
  return { events, facts };
}

describe(`demo data loaded into a database (${testEngine})`, () => {
  it('loads a week through ingest and records it as demo data', async () => {
    expect(loaded).toMatchObject({ status: 'ready', loadedDays: 7 });
    expect(await readDemoState(t.db)).toEqual(loaded);
    const [row] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(row?.n).toBe(loaded.events);
    expect(loaded.conversations).toBeGreaterThan(6_000);
  });

  it('yields plausible rates for each bot', async () => {
    // Bounds: what such bots show in practice (vendor benchmarks put support-bot hand-off at
    // 10–30 %, containment 70–90 %, CSAT 60–85 %; lead-gen chat funnels book 10–40 % of the
    // visitors who start; messaging channels deliver 90–98 %), widened enough that sampling noise
    // over a week (≈ 3,000 conversations a bot) cannot cross them, narrow enough that a broken
    // profile (a rate of 0 or 1, a unit slip) would.
    const support = figures(await ask(t.db, 'summary support-bot 7d'));
    expect(support.conversations).toBeGreaterThan(2_500); // 45 % of ≈ 7,000
    expect(support.conversations).toBeLessThan(3_800);
    expect(support.handoff_rate).toBeGreaterThan(0.08);
    expect(support.handoff_rate).toBeLessThan(0.3);
    expect(support.containment_rate).toBeGreaterThan(0.7);
    expect(support.containment_rate).toBeLessThan(0.92);
    expect(support.resolution_rate).toBeGreaterThan(0.35);
    expect(support.resolution_rate).toBeLessThan(0.7);
    expect(support.csat).toBeGreaterThan(0.6);
    expect(support.csat).toBeLessThan(0.88);
    expect(support.engagement_rate).toBeGreaterThan(0.65);
    expect(support.engagement_rate).toBeLessThan(0.92);
    // A person reading a bot's answer: 0.3–3 s is how fast chat bots answer (median 0.9 s here).
    expect(support.avg_response_ms).toBeGreaterThan(300);
    expect(support.avg_response_ms).toBeLessThan(3_000);

    const leadgen = figures(await ask(t.db, 'summary leadgen-bot 7d'));
    expect(leadgen.goal_completion_rate).toBeGreaterThan(0.15);
    expect(leadgen.goal_completion_rate).toBeLessThan(0.5);
    expect(leadgen.lead_capture_rate).toBeGreaterThan(0.25);
    expect(leadgen.lead_capture_rate).toBeLessThan(0.6);
    expect(leadgen.drop_off_rate).toBeGreaterThan(0.4);
    expect(leadgen.drop_off_rate).toBeLessThan(0.8);
    // Paid conversions are a small part of booked demos.
    expect(leadgen.conversion_rate).toBeGreaterThan(0.01);
    expect(leadgen.conversion_rate).toBeLessThan(0.12);

    const funnel = await ask(t.db, 'funnel leadgen-bot 7d');
    const reached = funnel.chart?.kind === 'funnel' ? funnel.chart.steps.map((s) => s.reached) : [];
    expect(reached).toHaveLength(4);
    expect(reached).toEqual([...reached].sort((a, b) => b - a)); // each step loses some

    const bookings = figures(await ask(t.db, 'channels bookings-bot 7d'));
    expect(bookings.delivery_rate).toBeGreaterThan(0.88);
    expect(bookings.delivery_rate).toBeLessThan(0.99);
    const bookingsSummary = figures(await ask(t.db, 'summary bookings-bot 7d'));
    expect(bookingsSummary.goal_completion_rate).toBeGreaterThan(0.35);
    expect(bookingsSummary.goal_completion_rate).toBeLessThan(0.75);
    expect(bookingsSummary.handoff_rate).toBeLessThan(0.1);
  });

  it('shows the support bot getting worse with its new release (the story the demo tells)', async () => {
    const compare = await ask(t.db, 'compare support-bot@3.2.0 vs support-bot@3.3.0 7d');
    const handoff = compare.table?.rows.find((r) => Object.values(r).some((v) => /hand-off/i.test(v)));
    expect(handoff).toBeDefined();
    expect(compare.notes.join(' ') + JSON.stringify(compare.table)).toMatch(/3\.3\.0 higher/);
  });

  it('stores the same data from the same plan (a second database gets identical events and facts)', async () => {
    const small: DemoState = { ...week, days: 1 };
    const a = await openTestDatabase();
    const b = await openTestDatabase();
    try {
      await loadDemoMonth(a.db, small);
      await loadDemoMonth(b.db, small);
      const fa = await fingerprint(a.db);
      expect(fa.events?.n).toBeGreaterThan(5_000);
      expect(await fingerprint(b.db)).toEqual(fa);
      // Loading again (a restart during the load) adds nothing.
      await loadDemoMonth(a.db, small);
      expect(await fingerprint(a.db)).toEqual(fa);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps the demo bots sending after the anchor, each event once, also across a restart', async () => {
    const later = new Date(anchor.getTime() + 20 * 60_000);
    const live = new LiveDemoTraffic(t.db, { seed: 1, anchor, days: 7, perDay: 1_000 }, anchor);
    const first = await live.catchUp(later);
    expect(first.events).toBeGreaterThan(20); // ≈ 25 conversations start in 20 minutes mid-morning
    expect(first.accepted).toBe(first.events);
    expect(live.storedThrough).toEqual(later);
    expect((await live.catchUp(later)).events).toBe(0);
    // A restart that starts again from the anchor stores nothing twice.
    const restarted = new LiveDemoTraffic(t.db, { seed: 1, anchor, days: 7, perDay: 1_000 }, anchor);
    const again = await restarted.catchUp(later);
    expect(again.events).toBe(first.events);
    expect(again.accepted).toBe(0);
    const volume = figures(await ask(t.db, 'conversations support-bot 1h', later));
    expect(volume.conversations).toBeGreaterThan(0);
  });
});
