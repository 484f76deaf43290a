import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/commands/run-command.ts';
import type { CommandContext } from '../../src/commands/command-context.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { setBotCosts } from '../../src/metrics/bot-info.ts';
import { metricCatalog } from '../../src/metrics/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { catalogFixture, fixtureNow, fixtureWindow } from '../fixtures/metrics/catalog-fixture.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
let ctx: CommandContext;
beforeAll(async () => {
  t = await openTestDatabase();
  const { rows, rejected } = validateEvents(catalogFixture, { storeMessageText: false, now: fixtureNow });
  expect(rejected).toEqual([]);
  await storeEvents(t.db, rows);
  await setBotCosts(t.db, 'fx', { botCost: 0.1, humanCost: 5, currency: 'EUR' });
  ctx = { db: t.db, now: () => fixtureNow, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
});
afterAll(() => t?.close());

const ask = (text: string) => answer(text, ctx);
const valueOf = async (metric: string) => {
  // score_avg averages one named score.
  const reply = await ask(`${metric} fx ${fixtureWindow}${metric === 'score_avg' ? ' score:faithfulness' : ''}`);
  expect(reply.kind, JSON.stringify(reply)).toBe('result');
  return reply.figures[0]?.value;
};

/**
 * The cohort is A, B, C, D, E, G (F starts on 11 Nov). Settled: A, B, C (ended), E, G (idle);
 * D is in progress. Each expected value is worked out from the fixture's description.
 */
const expected: Record<string, number> = {
  conversations: 6, // A B C D E G
  users: 5, // u1 (A, C), u2, u3, u4, u5
  engagement_rate: 5 / 6, // all but G (one message, no step)
  response_rate: 2 / 5, // prompts expecting a reply: A, B, C, E, G; answered: A, E
  completion_rate: 1 / 5, // completed A ÷ settled A B C E G
  goal_completion_rate: 1 / 5, // A
  conversion_rate: 1 / 6, // A (F's conversion is outside the window)
  lead_capture_rate: 1 / 6, // A
  handoff_rate: 1 / 6, // B
  drop_off_rate: 3 / 5, // settled, not completed, not handed off: C E G
  resolution_rate: 1 / 5, // A
  containment_rate: 4 / 5, // settled and not handed off: A C E G
  abandon_rate: 2 / 4, // engaged settled A B C E; neither resolved nor handed off: C E
  avg_response_ms: 3300 / 6, // 400 + 600 + 1000 + 200 + 800 + 300 over 6 messages = 550
  p95_response_ms: 950, // sorted 200 300 400 600 800 1000; rank 0.95 × 5 = 4.75 → 800 + 0.75 × 200
  csat: 1 / 3, // scores 5, 2, 3: one ≥ 4
  csat_avg: 10 / 3, // (5 + 2 + 3) / 3
  csat_negative: 1 / 3, // the 2
  intent_accuracy: 1 / 2, // labelled A (correct), B (wrong)
  fallback_rate: 1 / 2, // intents A, B; B is a fallback
  cta_click_rate: 1 / 2, // CTAs shown in A (clicked) and G (not)
  followup_recovery_rate: 1 / 2, // follow-ups to u4 (E; F converts a day later) and u5 (G; nothing)
  returning_user_rate: 1 / 5, // u1 has two conversations in the window; u4's second (F) is after it
  avg_duration_s: (600 + 300 + 300 + 3600 + 3600) / 5, // settled A B C E G = 1680 s
  avg_inbound: 9 / 6, // 2 + 1 + 1 + 2 + 2 + 1
  avg_outbound: 6 / 6, // 2 + 1 + 1 + 0 + 1 + 1
  sentiment_positive: 1 / 2, // A (+0.5) of A, B
  sentiment_negative: 1 / 2, // B (−0.5)
  turns_to_resolution: 2, // A: two user messages
  time_to_resolution_s: 360, // A resolved 6 min after it started
  recontact_rate: 1, // A resolved at 10:06; u1 came back at 12:00 (C)
  delivery_rate: 1 / 2, // receipts m1 sent + delivered, m2 sent + rejected
  cost_per_conversation: (0.1 * 6 + 5 * 1) / 6, // bot 0.10 × 6 conversations + human 5.00 × 1 hand-off
  // 100 × (0.3 × resolution 0.2 + 0.3 × containment 0.8 + 0.2 × CSAT 1/3 + 0.2 × (1 − drop-off 0.6))
  health_score: 100 * (0.3 * 0.2 + 0.3 * 0.8 + 0.2 * (1 / 3) + 0.2 * 0.4),
  // LLM: A gpt-4o-mini (1000 × 0.15 + 100 × 0.60) / 1e6 = 0.00021; B its own 0.01; C gpt-4o (400 × 2.50 + 40 × 10) / 1e6 = 0.0014.
  llm_tokens_per_conversation: (1100 + 250 + 440) / 3,
  llm_cost_per_conversation: (0.00021 + 0.01 + 0.0014) / 3,
  llm_cost_per_resolved: 0.00021 + 0.01 + 0.0014, // A is the one resolved
  llm_cost_per_handoff: 0.01, // B
  llm_latency_p50_ms: 1000,
  llm_latency_p95_ms: 1450, // 1000 + 0.9 × (1500 − 1000)
  llm_error_rate: 1 / 3,
  tool_error_rate: 1 / 2,
  score_avg: (0.8 + 0.5) / 2, // A and B; C's is a label without a number, F's is outside the window
};

describe(`every catalog metric on a hand-built fixture (${testEngine})`, () => {
  it('has an expected value for every metric in the catalog', () => {
    expect(Object.keys(expected).sort()).toEqual(metricCatalog.map((m) => m.id).sort());
  });

  for (const [metric, value] of Object.entries(expected)) {
    it(`computes ${metric}`, async () => {
      expect(await valueOf(metric)).toBeCloseTo(value, 6);
    });
  }

  it('calls completion and drop-off n/a for a bot whose flows never reach a final step', async () => {
    const events = [
      { id: 'nf1', type: 'message.received', timestamp: '2026-11-10T10:00:00Z', botId: 'nofinal', conversationId: 'c1' },
      { id: 'nf2', type: 'step.reached', timestamp: '2026-11-10T10:01:00Z', botId: 'nofinal', conversationId: 'c1', flow: 'topic', step: 'triggered' },
    ];
    await storeEvents(t.db, validateEvents(events, { storeMessageText: false, now: fixtureNow }).rows);
    for (const metric of ['completion_rate', 'drop_off_rate']) {
      const reply = await ask(`${metric} nofinal ${fixtureWindow}`);
      expect(reply.figures[0]).toMatchObject({ value: null, formatted: 'n/a', note: 'nofinal sends no step.reached events with final: true' });
    }
  });

  it('says how many conversations are still in progress for fate-based rates', async () => {
    const reply = await ask(`drop_off_rate fx ${fixtureWindow}`);
    expect(reply.notes).toContain('1 of 6 conversations are still in progress and not yet counted.');
  });

  it('draws the funnel of flow f in the order the data gives', async () => {
    const reply: Reply = await ask(`funnel fx ${fixtureWindow}`);
    expect(reply.chart).toMatchObject({ kind: 'funnel', flow: 'f', steps: [{ step: 's1', reached: 2, conversion: null }, { step: 's2', reached: 1, conversion: 0.5, dropOff: 1 }] });
  });

  it('splits outcomes contained/escalated × success/mixed/unsuccessful', async () => {
    const reply = await ask(`outcomes fx ${fixtureWindow}`);
    expect(reply.chart).toMatchObject({
      kind: 'outcomes',
      groups: [
        { group: 'contained', success: 1, mixed: 0, unsuccessful: 3 }, // A | C (explicit), E, G (no success)
        { group: 'escalated', success: 0, mixed: 1, unsuccessful: 0 }, // B
      ],
    });
  });

  it('reports delivery health per channel', async () => {
    const reply = await ask(`channels fx ${fixtureWindow}`);
    const rows: Record<string, Record<string, string>> = Object.fromEntries((reply.table?.rows ?? []).map((r) => [r.channel, r]));
    expect(rows.whatsapp).toMatchObject({ sent: '1', delivered: '1', rate: '100 %', rejected: '0' });
    expect(rows.web).toMatchObject({ conversations: '4', sent: '1', delivered: '0', rate: '0 %', rejected: '1' });
    expect(rows.sms).toMatchObject({ sent: '0', rate: 'n/a' });
  });
});
