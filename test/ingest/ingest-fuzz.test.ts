import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventTypes } from '../../src/events/contract.ts';
import { fuzzRuns, fuzzSeed, fuzzTimeout } from '../helpers/fuzz-runs.ts';
import { testEngine } from '../helpers/test-database.ts';
import { testDatabaseAndServer } from '../helpers/test-server.ts';

const its = testDatabaseAndServer();
const runs = fuzzRuns(250);

/** Events that are nearly right: real types and field names, with values from anywhere. */
const nearEvent = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 140 }), fc.integer(), fc.constant(null)),
    type: fc.oneof(fc.constantFrom(...eventTypes), fc.string()),
    timestamp: fc.oneof(fc.date({ min: new Date('1990-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.string(), fc.integer()),
    botId: fc.oneof(fc.constantFrom('fuzz-bot', 'fuzz_2'), fc.string({ maxLength: 70 })),
    conversationId: fc.oneof(fc.string({ maxLength: 300 }), fc.constant('c'), fc.constantFrom('nul\u0000', 'lone\ud800', 'emoji😀')),
    userId: fc.string({ maxLength: 10 }),
    score: fc.oneof(fc.integer({ min: -10, max: 10 }), fc.double(), fc.string()),
    latencyMs: fc.oneof(fc.integer({ min: -5, max: 3_000_000_000 }), fc.double()),
    ctas: fc.oneof(fc.array(fc.string()), fc.string(), fc.array(fc.anything())),
    intent: fc.anything(),
    flow: fc.string(),
    step: fc.string(),
    final: fc.anything(),
    status: fc.oneof(fc.constantFrom('sent', 'delivered', 'read'), fc.anything()),
    value: fc.oneof(fc.double(), fc.string()),
    extra: fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary' }), fc.constantFrom('\u0000', { 'k\u0000': '\udc00' })),
  },
  { requiredKeys: [] },
);

describe(`ingest fuzzing (${testEngine})`, () => {
  it('never answers 500, whatever the payload', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(nearEvent, { maxLength: 20 }).map((events) => ({ contentType: 'application/json', body: JSON.stringify(events) })),
          fc.jsonValue().map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) })),
          fc.array(nearEvent, { maxLength: 10 }).map((events) => ({ contentType: 'application/x-ndjson', body: events.map((e) => JSON.stringify(e)).join('\n') })),
          fc.string({ maxLength: 300 }).map((s) => ({ contentType: 'application/x-ndjson', body: s })),
          fc.uint8Array({ maxLength: 300 }).map((b) => ({ contentType: 'application/json', body: Buffer.from(b) })),
          fc.tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 100 })).map(([contentType, body]) => ({ contentType, body })),
        ),
        async ({ contentType, body }) => {
          const res = await its.server.postEvents(undefined, { contentType, raw: body });
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        },
      ),
      { numRuns: runs, seed: fuzzSeed },
    );
  }, fuzzTimeout(runs, 300));
});
