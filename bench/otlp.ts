/**
 * `npm run bench:otlp` — spans/s through POST /v1/traces (OTLP protobuf as the OpenTelemetry JS
 * exporter encodes it, 512-span batches, 4 concurrent clients) against the same spans posted as
 * contract events through POST /v1/events, on real PostgreSQL, in one run; and the time to decode
 * and map one batch. Prints figures, then one line of JSON.
 */
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { context, trace } from '@opentelemetry/api';
import { mapSpans } from '../src/intake/otlp/map-spans.ts';
import { readProtobufSpans } from '../src/intake/otlp/read-protobuf-spans.ts';
import { median } from './bench-database.ts';
import { postConcurrently, withBenchServer } from './bench-server.ts';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const clients = 4;
const batchSpans = 512;
const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 2_048);
const settings = { botIdFrom: 'service' as const, handoffTools: ['handoff', 'human', 'escalat'] };

/** An agent turn per conversation: invoke_agent with two model calls and a tool call (4 spans). */
async function agentSpans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'bench-agent', 'service.version': '1.0' }), spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('bench');
  const t0 = Date.parse('2026-11-02T08:00:00Z');
  for (let i = 0; i < conversations; i++) {
    const at = (ms: number) => new Date(t0 + i * 10_000 + ms);
    const turn = tracer.startSpan('invoke_agent Bench', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Bench', 'gen_ai.conversation.id': `c${i}`, 'user.id': `u${i % 500}` }, startTime: at(0) });
    const inside = trace.setSpan(context.active(), turn);
    const chat = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 900, 'gen_ai.usage.output_tokens': 120 };
    tracer.startSpan('chat gpt-4o-mini', { attributes: chat, startTime: at(10) }, inside).end(at(700));
    tracer.startSpan('execute_tool lookup', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': i % 10 === 0 ? 'handoff_to_human' : 'lookup' }, startTime: at(710) }, inside).end(at(760));
    tracer.startSpan('chat gpt-4o-mini', { attributes: chat, startTime: at(770) }, inside).end(at(1500));
    turn.end(at(1600));
  }
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

const spans = await agentSpans();
const protobufBodies: Uint8Array[] = [];
for (let i = 0; i < spans.length; i += batchSpans) protobufBodies.push(ProtobufTraceSerializer.serializeRequest(spans.slice(i, i + batchSpans)) ?? new Uint8Array());
// The same spans as contract events: exactly what the receiver stores for each batch.
const eventBodies = protobufBodies.map((body) => JSON.stringify(mapSpans(readProtobufSpans(body), settings).mapped.flatMap((m) => m.events)));
const eventCount = eventBodies.reduce((n, b) => n + (JSON.parse(b) as unknown[]).length, 0);
console.log(`${spans.length.toLocaleString('en-US')} spans (${eventCount.toLocaleString('en-US')} contract events) in ${protobufBodies.length} batches of ≤ ${batchSpans}, ${clients} clients, ${runs} runs each`);

async function post(path: '/v1/traces' | '/v1/events', bodies: (Uint8Array | string)[], contentType: string): Promise<number> {
  return withBenchServer('bench_otlp', async (server) => {
    const seconds = await postConcurrently(server, path, bodies, {
      clients,
      contentType,
      check: async (res, i) => {
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path} batch ${i}: ${res.status}`);
      },
    });
    const [{ n } = { n: 0 }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    if (n !== eventCount) throw new Error(`${path}: stored ${n} events, expected ${eventCount}`);
    return spans.length / seconds;
  });
}

/** Median time to decode and map one 512-span protobuf batch, in this process. */
function decodeMs(): number {
  const times: number[] = [];
  for (const body of protobufBodies) {
    const started = performance.now();
    mapSpans(readProtobufSpans(body), settings);
    times.push(performance.now() - started);
  }
  return median(times);
}

const traces: number[] = [];
const events: number[] = [];
const decode: number[] = [];
for (let r = 0; r < runs; r++) {
  traces.push(await post('/v1/traces', protobufBodies, 'application/x-protobuf'));
  events.push(await post('/v1/events', eventBodies, 'application/json'));
  decode.push(decodeMs());
  console.log(`run ${r + 1}: /v1/traces ${Math.round(traces.at(-1)!).toLocaleString('en-US')} spans/s · /v1/events ${Math.round(events.at(-1)!).toLocaleString('en-US')} spans/s · decode+map ${decode.at(-1)!.toFixed(1)} ms per batch`);
}
const result = {
  bench: 'otlp',
  spans: spans.length,
  batchSpans,
  clients,
  tracesSpansPerSecond: Math.round(median(traces)),
  eventsSpansPerSecond: Math.round(median(events)),
  ratio: Number((median(traces) / median(events)).toFixed(2)),
  decodeMsPerBatch: Number(median(decode).toFixed(2)),
};
console.log(`median: /v1/traces ${result.tracesSpansPerSecond.toLocaleString('en-US')} spans/s · /v1/events ${result.eventsSpansPerSecond.toLocaleString('en-US')} spans/s · ratio ${result.ratio} (goal ≥ 0.7) · decode+map ${result.decodeMsPerBatch} ms per 512-span batch`);
console.log(JSON.stringify(result));
