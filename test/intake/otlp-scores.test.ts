import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
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

const exportWith = (exporter: SpanExporter, spans: ReadableSpan[]) => new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
const exporter = () => new OTLPProtoExporter({ url: `${its.server.url}/v1/traces`, headers: { Authorization: `Bearer ${its.server.key}` } });

const reply = (command: string): Promise<Reply> => answer(command, { db: its.t.db, now: () => new Date('2026-11-10T00:00:00Z'), timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });
const figure = async (command: string, metric = 'score_avg') => {
  const r = await reply(command);
  expect(r.kind, r.title).toBe('result');
  return r.figures.find((f) => f.metric === metric);
};
const scoreEvents = async (botId: string) =>
  its.t.db.query<{ id: string; conversation_id: string; score_name: string; value: string | null; score_label: string | null }>(
    `SELECT id, conversation_id, score_name, value::text AS value, score_label FROM events WHERE bot_id = $1 AND type = 'score' ORDER BY id`,
    [botId],
  );
const post = (body: Uint8Array | string, headers: Record<string, string>) =>
  fetch(`${its.server.url}/v1/traces`, { method: 'POST', headers: { authorization: `Bearer ${its.server.key}`, ...headers }, body });

describe(`gen_ai.evaluation.result span events become named scores (${testEngine})`, () => {
  it('reports each score’s mean by name, exactly, from the real OpenTelemetry SDK', async () => {
    const spans = await runScriptedAgent('scored-agent', 'latest', { scores: true });
    expect(await exportWith(exporter(), spans)).toMatchObject({ code: ExportResultCode.SUCCESS });

    const events = await scoreEvents('scored-agent');
    expect(events.map((e) => [e.conversation_id, e.score_name, e.value === null ? null : Number(e.value), e.score_label])).toEqual(
      expect.arrayContaining([
        ['conv-1', 'faithfulness', 0.9, 'pass'],
        ['conv-1', 'faithfulness', 0.6, 'fail'],
        ['conv-1', 'user_feedback', 1, 'thumbs_up'],
        ['conv-2', 'user_feedback', -1, 'thumbs_down'],
        ['conv-2', 'relevance', null, 'relevant'],
      ]),
    );
    expect(events).toHaveLength(5);
    expect(events.every((e) => /^otel-[0-9a-f]{32}-[0-9a-f]{16}:eval[0-9]$/.test(e.id))).toBe(true);

    expect((await figure('score_avg scored-agent 2026-11-02 score:faithfulness'))?.value).toBeCloseTo(0.75, 12);
    expect((await figure('score_avg scored-agent 2026-11-02 score:faithfulness'))?.denominator).toBe(2);
    expect((await figure('score_avg scored-agent 2026-11-02 score:User_Feedback'))?.value).toBe(0);
    expect(await figure('score_avg scored-agent 2026-11-02 score:relevance')).toMatchObject({ value: null, note: 'the 1 relevance score in this window carries a label only (relevant 1), no number to average' });
    expect(await figure('score_avg scored-agent 2026-11-02 score:toxicity')).toMatchObject({ value: null, note: 'no toxicity scores in this window' });
    expect(await figure('score_avg scored-agent 2026-11-02')).toMatchObject({ value: null, note: 'name the score with score:<name> — this window has faithfulness, user_feedback, relevance (by:score lists each)' });

    const byScore = await reply('score_avg scored-agent 2026-11-02 by:score');
    expect(byScore.table?.values?.map((v) => [v.group, v.value])).toEqual([
      ['faithfulness', 0.75],
      ['user_feedback', 0],
      ['relevance', null],
    ]);
    expect(byScore.notes).toContain('Labels: faithfulness — fail 1, pass 1; user_feedback — thumbs_down 1, thumbs_up 1; relevance — relevant 1.');

    const summary = await reply('summary scored-agent 2026-11-02');
    expect(summary.figures.filter((f) => f.metric === 'score_avg').map((f) => [f.label, f.value])).toEqual([
      ['faithfulness (score mean)', 0.75],
      ['user_feedback (score mean)', 0],
    ]);
    // The turns and calls of the span with malformed evaluations still count.
    expect((await figure('summary scored-agent 2026-11-02', 'conversations'))?.value).toBe(2);
  });

  it('drops a malformed evaluation with its reason in partialSuccess and keeps the span’s other events (protobuf and JSON)', async () => {
    const spans = await runScriptedAgent('malformed-evals', 'latest', { scores: true });
    const response = await post(ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array(), { 'content-type': 'application/x-protobuf' });
    expect(response.status).toBe(200);
    const decoded = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(await response.arrayBuffer()));
    expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(1); // the model call without a conversation key, as without scores
    const conv2Turn = spans.findIndex((s) => s.name === 'invoke_agent Support Agent' && s.attributes['gen_ai.conversation.id'] === 'conv-2');
    expect(decoded.partialSuccess?.errorMessage).toContain(
      `dropped 2 evaluation events (the rest of their spans were kept): span ${conv2Turn}: gen_ai.evaluation.result event 2: no gen_ai.evaluation.name; ` +
        `span ${conv2Turn}: gen_ai.evaluation.result event 3 (toxicity): gen_ai.evaluation.score.value is not a number and no gen_ai.evaluation.score.label`,
    );
    const kept = await its.t.db.query<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM events WHERE bot_id = 'malformed-evals' AND conversation_id = 'conv-2' GROUP BY type ORDER BY type`);
    expect(kept).toEqual([
      { type: 'handoff', n: 1 },
      { type: 'llm.call', n: 2 },
      { type: 'message.received', n: 1 },
      { type: 'message.sent', n: 1 },
      { type: 'score', n: 2 },
      { type: 'tool.call', n: 1 },
    ]);

    const json = await post(JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array(), { 'content-type': 'application/json' });
    expect(await json.json()).toMatchObject({ partialSuccess: { errorMessage: expect.stringContaining('event 3 (toxicity): gen_ai.evaluation.score.value is not a number') } });
  });

  it('stores nothing twice when an exporter retries, and both readers give the same scores', async () => {
    const spans = await runScriptedAgent('retried-evals', 'latest', { scores: true });
    await exportWith(exporter(), spans);
    const once = await scoreEvents('retried-evals');
    const factsOnce = await its.t.db.query(`SELECT conversation_id, score_count, scores FROM conversation_facts WHERE bot_id = 'retried-evals' ORDER BY 1`);
    const rollupsOnce = await its.t.db.query(`SELECT name, label, scores, value_count, value_sum::text, value_sq_sum::text FROM score_rollups WHERE bot_id = 'retried-evals' ORDER BY 1, 2`);
    await exportWith(exporter(), spans);
    await post(JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array(), { 'content-type': 'application/json' });
    expect(once).toHaveLength(5);
    expect(await scoreEvents('retried-evals')).toEqual(once);
    expect(await its.t.db.query(`SELECT conversation_id, score_count, scores FROM conversation_facts WHERE bot_id = 'retried-evals' ORDER BY 1`)).toEqual(factsOnce);
    expect(await its.t.db.query(`SELECT name, label, scores, value_count, value_sum::text, value_sq_sum::text FROM score_rollups WHERE bot_id = 'retried-evals' ORDER BY 1, 2`)).toEqual(rollupsOnce);
  });
});
