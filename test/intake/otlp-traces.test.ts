import { gzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as OTLPJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { answer } from '../../src/commands/run-command.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { runScriptedAgent } from '../helpers/scripted-agent.ts';
import { testEngine } from '../helpers/test-database.ts';
import { testDatabaseAndServer } from '../helpers/test-server.ts';

const its = testDatabaseAndServer();

const exportWith = (exporter: SpanExporter, spans: ReadableSpan[]) =>
  new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));

/** The proto exporter configured the way docs/llm-bots.md tells a team to: two environment variables. */
function protoExporterFromEnvironment(): OTLPProtoExporter {
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = its.server.url;
  process.env.OTEL_EXPORTER_OTLP_HEADERS = `Authorization=Bearer%20${its.server.key}`;
  try {
    return new OTLPProtoExporter();
  } finally {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
  }
}

const ask = async (command: string): Promise<Record<string, Reply['figures'][number]>> => {
  const reply = await answer(command, { db: its.t.db, now: () => new Date('2026-11-10T00:00:00Z'), timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });
  expect(reply.kind, reply.title).toBe('result');
  return Object.fromEntries(reply.figures.map((f) => [f.metric, f]));
};

const countEvents = async (botId: string) => Number((await its.t.db.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE bot_id = $1', [botId]))[0]?.n);

/** Facts of a bot's conversations without what differs by bot (ids, update times). */
const factsOf = async (botId: string) =>
  (await its.t.db.query<Record<string, unknown>>('SELECT * FROM conversation_facts WHERE bot_id = $1 ORDER BY conversation_id', [botId])).map(
    ({ bot_id: _b, updated_at: _u, ...rest }) => rest,
  );

const post = (body: Uint8Array | string, headers: Record<string, string>) =>
  fetch(`${its.server.url}/v1/traces`, { method: 'POST', headers: { authorization: `Bearer ${its.server.key}`, ...headers }, body });

describe(`POST /v1/traces with the OpenTelemetry SDK (${testEngine})`, () => {
  it('turns a GenAI agent’s spans into conversations, messages, hand-offs, tokens and cost, exactly', async () => {
    const spans = await runScriptedAgent('support-agent', 'latest');
    expect(await exportWith(protoExporterFromEnvironment(), spans)).toMatchObject({ code: ExportResultCode.SUCCESS });

    const summary = await ask('summary support-agent 2026-11-02');
    expect(summary.conversations?.value).toBe(2);
    expect(summary.handoff_rate?.value).toBe(0.5);
    expect(summary.avg_response_ms?.value).toBeCloseTo((3000 + 2000 + 5000) / 3, 9);
    // gpt-4o (priced by its dated snapshot): 600 × 2.50 + 400 × 1.25 + 200 × 10, 500 × 2.50 + 1000 × 1.25 + 300 × 10,
    // 2000 × 2.50 + 100 × 10 per million; gpt-4o-mini: 500 × 0.15 + 50 × 0.60 per million; the failed call used no tokens.
    const conv1 = 0.004 + 0.0055 + 0.006;
    const conv2 = 0.000105;
    expect(summary.llm_cost_per_conversation?.value).toBeCloseTo((conv1 + conv2) / 2, 12);
    expect(summary.llm_cost_per_handoff?.value).toBeCloseTo(conv2, 12);
    expect(summary.llm_tokens_per_conversation?.value).toBe((1000 + 1500 + 2000 + 500 + 200 + 300 + 100 + 50) / 2);
    expect(summary.llm_error_rate?.value).toBe(1 / 5);
    expect((await ask('avg_inbound support-agent 2026-11-02')).avg_inbound?.value).toBe(3 / 2);
    expect((await ask('tool_error_rate support-agent 2026-11-02')).tool_error_rate?.value).toBe(0);
    expect((await ask('llm_latency_p50_ms support-agent 2026-11-02')).llm_latency_p50_ms?.value).toBe(800);

    const facts = await factsOf('support-agent');
    expect(facts.map((f) => [f.conversation_id, f.user_id, f.bot_version, f.llm_calls, f.tool_calls, Number(f.llm_cached_input_tokens)])).toEqual([
      ['conv-1', 'u1', '2.1.0', 3, 1, 1400],
      ['conv-2', 'u2', '2.1.0', 2, 1, 0],
    ]);
  });

  it('gives the same facts for both shapes of the GenAI conventions, over protobuf and over JSON', async () => {
    const latest = await runScriptedAgent('shape-latest', 'latest');
    const older = await runScriptedAgent('shape-older', 'v1.36');
    expect(await exportWith(new OTLPProtoExporter({ url: `${its.server.url}/v1/traces`, headers: { Authorization: `Bearer ${its.server.key}` } }), latest)).toMatchObject({
      code: ExportResultCode.SUCCESS,
    });
    expect(await exportWith(new OTLPJsonExporter({ url: `${its.server.url}/v1/traces`, headers: { Authorization: `Bearer ${its.server.key}` } }), older)).toMatchObject({
      code: ExportResultCode.SUCCESS,
    });
    const a = await factsOf('shape-latest');
    expect(a).toHaveLength(2);
    expect(await factsOf('shape-older')).toEqual(a);
    const types = `SELECT type, model, provider, input_tokens, output_tokens, cached_input_tokens, latency_ms, error, tool FROM events WHERE bot_id = $1 ORDER BY ts, type`;
    expect(await its.t.db.query(types, ['shape-older'])).toEqual(await its.t.db.query(types, ['shape-latest']));
  });

  it('stores nothing twice when an exporter retries the same export', async () => {
    const spans = await runScriptedAgent('retried', 'latest');
    const exporter = new OTLPProtoExporter({ url: `${its.server.url}/v1/traces`, headers: { Authorization: `Bearer ${its.server.key}` } });
    await exportWith(exporter, spans);
    const once = await countEvents('retried');
    const factsOnce = await factsOf('retried');
    await exportWith(exporter, spans);
    await exportWith(exporter, spans);
    expect(once).toBe(3 * 2 + 5 + 2 + 1); // 3 turns × (received + sent), 5 model calls, 2 tool calls, 1 hand-off
    expect(await countEvents('retried')).toBe(once);
    expect(await factsOf('retried')).toEqual(factsOnce);
  });

  it('answers with partialSuccess naming the skipped span and why (protobuf and JSON)', async () => {
    const spans = await runScriptedAgent('partial', 'latest');
    const response = await post(ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array(), { 'content-type': 'application/x-protobuf' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const decoded = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(await response.arrayBuffer()));
    expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(1);
    expect(decoded.partialSuccess?.errorMessage).toBe(
      'rejected 1 of 12 spans: 1 × no conversation key (gen_ai.conversation.id, session.id or langfuse.session.id); ignored 1 span that is not GenAI (no gen_ai.operation.name or model)',
    );

    const json = await post(gzipSync(JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array()), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ partialSuccess: { rejectedSpans: 1, errorMessage: expect.stringMatching(/no conversation key/) } });
  });

  it('refuses garbage, a truncated protobuf, a wrong content type and a missing key with the documented status, storing nothing', async () => {
    const spans = await runScriptedAgent('refused', 'latest');
    const body = ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array();
    const cases: [string, Promise<Response>, number][] = [
      ['garbage', post(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), { 'content-type': 'application/x-protobuf' }), 400],
      ['truncated', post(body.subarray(0, body.length - 7), { 'content-type': 'application/x-protobuf' }), 400],
      ['not JSON', post('{"resourceSpans": [', { 'content-type': 'application/json' }), 400],
      ['not gzip', post(body, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }), 400],
      ['wrong content type', post(body, { 'content-type': 'text/plain' }), 415],
      ['missing key', fetch(`${its.server.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body }), 401],
      ['unknown key', post(body, { 'content-type': 'application/x-protobuf', authorization: 'Bearer not-a-key' }), 401],
    ];
    for (const [what, response, status] of cases) {
      const r = await response;
      expect(r.status, what).toBe(status);
      await r.arrayBuffer();
    }
    const truncated = await post(body.subarray(0, body.length - 7), { 'content-type': 'application/x-protobuf' });
    expect(truncated.headers.get('content-type')).toBe('application/x-protobuf');
    await truncated.arrayBuffer();
    const wrong = await post(body, { 'content-type': 'text/plain' });
    expect(await wrong.json()).toMatchObject({ message: expect.stringMatching(/^unsupported content type "text\/plain"; send application\/x-protobuf or application\/json/) });
    expect(await countEvents('refused')).toBe(0);
    // …and the server keeps serving.
    expect(await exportWith(new OTLPProtoExporter({ url: `${its.server.url}/v1/traces`, headers: { Authorization: `Bearer ${its.server.key}` } }), spans)).toMatchObject({
      code: ExportResultCode.SUCCESS,
    });
    expect(await countEvents('refused')).toBe(14);
  });
});
