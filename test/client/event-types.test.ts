import { describe, expectTypeOf, it } from 'vitest';
import type { BotwatchClient, EventOf, TrackEvent } from '../../src/client/index.ts';

// Checked by `tsc` (npm test's type check): the client's types are the contract's, not a copy.
describe('botwatch/client types', () => {
  it('takes the fields each event type requires, from the contract', () => {
    expectTypeOf<EventOf<'csat'>['score']>().toEqualTypeOf<number>();
    expectTypeOf<EventOf<'conversation.ended'>['outcome']>().toEqualTypeOf<'success' | 'mixed' | 'unsuccessful' | undefined>();
    expectTypeOf<{ type: 'handoff'; conversationId: 'c'; queue: 'billing' }>().toExtend<TrackEvent>();
    expectTypeOf<{ type: 'csat'; conversationId: 'c' }>().not.toExtend<TrackEvent>();
    expectTypeOf<{ type: 'step.reached'; conversationId: 'c'; flow: 'f' }>().not.toExtend<TrackEvent>();
    expectTypeOf<{ type: 'no.such.type'; conversationId: 'c' }>().not.toExtend<TrackEvent>();
    expectTypeOf<BotwatchClient['csat']>().parameter(1).toEqualTypeOf<number>();
    expectTypeOf<BotwatchClient['step']>().parameter(2).toEqualTypeOf<string>();
  });
});
