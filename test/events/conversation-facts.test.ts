import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { at, event } from '../helpers/events.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const t0 = '2026-11-10T10:00:00Z';
const rowsOf = (events: Record<string, unknown>[]) => {
  const { rows, rejected } = validateEvents(events, { storeMessageText: false });
  expect(rejected).toEqual([]);
  return rows;
};
const factsOf = async (botId: string) => {
  const rows = await t.db.query<Record<string, unknown>>(`SELECT * FROM conversation_facts WHERE bot_id = $1 ORDER BY conversation_id`, [botId]);
  return rows.map(({ bot_id: _b, updated_at: _u, ...rest }) => rest);
};

/** A support conversation touching most facts: engaged, answered prompt, hand-off, CSAT, delivery. */
function richConversation(botId: string, conversationId: string) {
  const c = { botId, conversationId, userId: 'u1', channel: 'whatsapp', botVersion: '1.0' };
  return [
    event('conversation.started', { ...c, timestamp: at(t0, 0) }),
    event('message.received', { ...c, timestamp: at(t0, 0) }),
    event('intent.detected', { ...c, timestamp: at(t0, 0.1), intent: 'none', fallback: true, correct: false }),
    event('intent.detected', { ...c, timestamp: at(t0, 0.2), intent: 'refund', confidence: 0.8, correct: true }),
    event('message.sent', { ...c, timestamp: at(t0, 0.5), expectsReply: true, latencyMs: 400, ctas: ['Talk to an agent'] }),
    event('delivery', { ...c, timestamp: at(t0, 0.6), status: 'sent', messageId: 'm1' }),
    event('delivery', { ...c, timestamp: at(t0, 0.7), status: 'delivered', messageId: 'm1' }),
    event('message.received', { ...c, timestamp: at(t0, 1) }),
    event('cta.clicked', { ...c, timestamp: at(t0, 1.2), cta: 'Talk to an agent' }),
    event('message.sent', { ...c, timestamp: at(t0, 1.5), expectsReply: true, latencyMs: 600 }),
    event('handoff', { ...c, timestamp: at(t0, 2), queue: 'billing' }),
    event('sentiment', { ...c, timestamp: at(t0, 3), score: -0.5 }),
    event('csat', { ...c, timestamp: at(t0, 4), score: 2 }),
    event('conversation.ended', { ...c, timestamp: at(t0, 5), outcome: 'mixed' }),
  ];
}

describe(`conversation facts (${testEngine})`, () => {
  it('derives every fact of a conversation from its events', async () => {
    await storeEvents(t.db, rowsOf(richConversation('rich', 'c1')));
    const [f] = await factsOf('rich');
    expect(f).toMatchObject({
      conversation_id: 'c1',
      started_at: new Date(t0),
      last_event_at: new Date(at(t0, 5)),
      user_id: 'u1',
      channel: 'whatsapp',
      bot_version: '1.0',
      first_intent: 'refund', // the fallback is not an intent
      event_count: 14,
      inbound_count: 2,
      outbound_count: 2,
      expects_reply_count: 2,
      answered_count: 1, // only the first prompt is followed by a user message
      latency_sum_ms: 1000,
      latency_count: 2,
      engaged: true,
      ended_at: new Date(at(t0, 5)),
      end_outcome: 'mixed',
      handed_off_at: new Date(at(t0, 2)),
      completed_at: null,
      resolved_at: null,
      cta_shown: true,
      cta_clicked: true,
      csat_count: 1,
      csat_sum: 2,
      csat_positive: 0,
      csat_negative: 1,
      sentiment_sum: -0.5,
      sentiment_count: 1,
      intent_count: 2,
      fallback_count: 1,
      labelled_intent_count: 2,
      correct_intent_count: 1,
      delivery_sent: 1,
      delivery_delivered: 1,
    });
  });

  it('gives the same facts whatever order and batching the events arrive in', async () => {
    const ordered = [...richConversation('ordered', 'c1'), ...richConversation('ordered', 'c2')];
    await storeEvents(t.db, rowsOf(ordered));
    const expected = await factsOf('ordered');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(ordered, { minLength: ordered.length, maxLength: ordered.length }), fc.integer({ min: 1, max: 6 }), async (shuffled, batches) => {
        const botId = `shuffled${run++}`;
        const events = shuffled.map((e) => ({ ...e, botId }));
        const size = Math.ceil(events.length / batches);
        for (let i = 0; i < events.length; i += size) await storeEvents(t.db, rowsOf(events.slice(i, i + size)));
        expect(await factsOf(botId)).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });

  it('stores sentiment scores as small as a float allows (their mean is not divided in SQL, which would underflow)', async () => {
    const c = { botId: 'tiny-sentiment', conversationId: 'c1', userId: 'u1', channel: 'web' };
    const stored = await storeEvents(t.db, rowsOf([event('sentiment', { ...c, timestamp: at(t0, 0), score: -5e-324 }), event('sentiment', { ...c, timestamp: at(t0, 7), score: 1e-323 })]));
    expect(stored).toEqual({ accepted: 2, duplicate: 0, refused: [] });
    const [facts] = await factsOf('tiny-sentiment');
    expect(facts).toMatchObject({ sentiment_count: 2, sentiment_sum: 5e-324 });
  });

  it('marks a conversation engaged at its second user message or first step', async () => {
    await storeEvents(t.db, rowsOf([
      event('message.received', { botId: 'engage', conversationId: 'one-message' }),
      event('message.received', { botId: 'engage', conversationId: 'two-messages' }),
      event('message.received', { botId: 'engage', conversationId: 'two-messages', timestamp: at(t0, 1) }),
      event('message.received', { botId: 'engage', conversationId: 'step' }),
      event('step.reached', { botId: 'engage', conversationId: 'step', flow: 'f', step: 's', final: true }),
    ]));
    const facts = await factsOf('engage');
    expect(Object.fromEntries(facts.map((f) => [f.conversation_id, f.engaged]))).toEqual({ 'one-message': false, 'two-messages': true, step: true });
    expect(facts.find((f) => f.conversation_id === 'step')?.completed_at).toEqual(new Date(t0));
  });
});
