import fc from 'fast-check';

const start = Date.parse('2026-11-10T00:00:00Z');

/** One random conversation's events: any mix of contract types at times within two days. */
export const conversationEvents = (botId: string, index: number) =>
  fc
    .record({
      user: fc.integer({ min: 1, max: 8 }),
      channel: fc.constantFrom('web', 'sms', 'whatsapp'),
      version: fc.constantFrom('1.0', '2.0'),
      offset: fc.integer({ min: 0, max: 48 * 60 }),
      steps: fc.array(
        fc.oneof(
          fc.constant({ type: 'message.received' }),
          fc.record({ type: fc.constant('message.sent'), expectsReply: fc.boolean(), latencyMs: fc.integer({ min: 0, max: 5000 }), ctas: fc.constantFrom(undefined, ['a']) }),
          fc.record({ type: fc.constant('intent.detected'), intent: fc.constantFrom('x', 'y'), fallback: fc.boolean(), correct: fc.constantFrom(undefined, true, false) }),
          fc.record({ type: fc.constant('step.reached'), flow: fc.constant('f'), step: fc.constantFrom('a', 'b', 'c'), final: fc.boolean() }),
          fc.constantFrom({ type: 'goal.completed', goal: 'g' }, { type: 'lead.captured' }, { type: 'conversion', value: 10 }, { type: 'handoff' }, { type: 'resolved' }, { type: 'followup.sent' }, { type: 'cta.clicked', cta: 'a' }),
          fc.record({ type: fc.constant('conversation.ended'), outcome: fc.constantFrom(undefined, 'success', 'mixed', 'unsuccessful') }),
          fc.record({ type: fc.constant('csat'), score: fc.integer({ min: 1, max: 5 }) }),
          fc.record({ type: fc.constant('sentiment'), score: fc.double({ min: -1, max: 1, noNaN: true }) }),
          fc.record({ type: fc.constant('delivery'), status: fc.constantFrom('sent', 'delivered', 'rejected', 'expired', 'undeliverable') }),
        ),
        { minLength: 1, maxLength: 8 },
      ),
    })
    .map(({ user, channel, version, offset, steps }) =>
      steps.map((fields, k) => {
        const clean = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        return {
          id: `${botId}-${index}-${k}`,
          timestamp: new Date(start + (offset + k * 7) * 60_000).toISOString(),
          botId,
          conversationId: `c${index}`,
          userId: `u${user}`,
          channel,
          botVersion: version,
          ...clean,
        };
      }),
    );

/** Several random conversations of one bot. */
export const botDay = (botId: string, max = 25) =>
  fc.integer({ min: 1, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => conversationEvents(botId, i)))).map((convs) => convs.flat());
