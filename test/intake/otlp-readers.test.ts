import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { mapSpans } from '../../src/intake/otlp/map-spans.ts';
import { UndecodableError } from '../../src/intake/otlp/otlp-protobuf.ts';
import { readProtobufSpans } from '../../src/intake/otlp/read-protobuf-spans.ts';
import { readSpans } from '../../src/intake/otlp/read-spans.ts';
import { runScriptedAgent } from '../helpers/scripted-agent.ts';

const settings = { botIdFrom: 'agent' as const, handoffTools: ['handoff', 'human', 'escalat'] };

describe('reading OTLP spans', () => {
  it('reads a protobuf export straight from the decoded messages into the same events as its JSON encoding', async () => {
    for (const shape of ['latest', 'v1.36'] as const) {
      const spans = await runScriptedAgent('support-agent', shape);
      const fromProtobuf = mapSpans(readProtobufSpans(ProtobufTraceSerializer.serializeRequest(spans)!), settings);
      const fromJson = mapSpans(readSpans(JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)))), settings);
      expect(fromProtobuf.mapped.length).toBeGreaterThan(8);
      expect(fromProtobuf).toEqual(fromJson);
      // Ids are the spans' own, in hex.
      expect(fromProtobuf.mapped[0]?.events[0]?.id).toBe(`otel-${spans[0]?.spanContext().traceId}-${spans[0]?.spanContext().spanId}${fromProtobuf.mapped[0]?.events[0]?.type === 'message.received' ? ':in' : ''}`);
    }
  });

  it('reads evaluation span events alike from protobuf and JSON, with the explanation cut to the contract’s 2,000 characters', async () => {
    const spans = await runScriptedAgent('support-agent', 'latest', { scores: true });
    const long = spans.find((s) => s.events.some((e) => e.attributes?.['gen_ai.evaluation.explanation'] !== undefined))!;
    long.events[0]!.attributes!['gen_ai.evaluation.explanation'] = 'x'.repeat(5000);
    const fromProtobuf = mapSpans(readProtobufSpans(ProtobufTraceSerializer.serializeRequest(spans)!), settings);
    const fromJson = mapSpans(readSpans(JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)))), settings);
    expect(fromProtobuf).toEqual(fromJson);
    const scores = fromProtobuf.mapped.flatMap((m) => m.scores);
    expect(scores.map((s) => [s.name, s.value, s.label])).toEqual([
      ['faithfulness', 0.9, 'pass'],
      ['faithfulness', 0.6, 'fail'],
      ['user_feedback', 1, 'thumbs_up'],
      ['user_feedback', -1, 'thumbs_down'],
      ['relevance', undefined, 'relevant'],
    ]);
    expect(scores[0]?.comment).toBe(`${'x'.repeat(1999)}…`);
    expect(fromProtobuf.droppedScores.map((d) => d.reason)).toEqual([
      'gen_ai.evaluation.result event 2: no gen_ai.evaluation.name',
      'gen_ai.evaluation.result event 3 (toxicity): gen_ai.evaluation.score.value is not a number and no gen_ai.evaluation.score.label',
    ]);
  });

  it('calls a truncated protobuf body undecodable', async () => {
    const body = ProtobufTraceSerializer.serializeRequest(await runScriptedAgent('support-agent', 'latest'))!;
    expect(() => readProtobufSpans(body.subarray(0, body.length - 7))).toThrow(UndecodableError);
  });
});
