import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * The GenAI semantic conventions in their two shapes found in the wild: `v1.36` (gen_ai.system,
 * conversation key in OpenInference's session.id) and `latest` (gen_ai.provider.name,
 * gen_ai.conversation.id).
 */
export type SemconvShape = 'v1.36' | 'latest';

export const agentStart = Date.parse('2026-11-02T08:00:00Z');

/**
 * A small support agent, instrumented with the real OpenTelemetry SDK: two conversations of GenAI
 * spans (agent turns, model calls, tools — one of them a hand-off), a model call without any
 * conversation key, and an HTTP span that is not GenAI. Returns the finished spans, ready to export.
 *
 * What it did, per service: 2 conversations; 3 user turns (3000, 2000 and 5000 ms); 5 model calls
 * (gpt-4o 1000/400 cached/200, 1500/1000 cached/300, 2000/0/100; gpt-4o-mini 500/0/50 and one
 * failed with 0/0); 2 tool calls, one of them `handoff_to_human`.
 *
 * With `scores`, the agent turns also carry `gen_ai.evaluation.result` events (see {@link evaluations}):
 * faithfulness 0.9 (pass) and 0.6 (fail) in conv-1; user_feedback 1 (thumbs_up) in conv-1 and
 * −1 (thumbs_down) in conv-2; relevance labelled `relevant` without a number in conv-2; and two
 * malformed ones in conv-2 (no name; a value that is not a number and no label).
 */
export async function runScriptedAgent(serviceName: string, shape: SemconvShape, options: { scores?: boolean } = {}): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.version': '2.1.0' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('scripted-agent', '1.0.0');
  const at = (ms: number) => new Date(agentStart + ms);
  const conversation = (id: string): Attributes => (shape === 'latest' ? { 'gen_ai.conversation.id': id } : { 'session.id': id });
  const provided = (name: string): Attributes => (shape === 'latest' ? { 'gen_ai.provider.name': name } : { 'gen_ai.system': name });

  const child = (parent: Span, name: string, attributes: Attributes, start: number, end: number, failure?: string) => {
    const span = tracer.startSpan(name, { attributes, startTime: at(start) }, trace.setSpan(context.active(), parent));
    if (failure !== undefined) {
      span.setAttribute('error.type', failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
    }
    span.end(at(end));
  };
  const turn = (conversationId: string, userId: string, start: number, end: number, inside: (span: Span) => void) => {
    const span = tracer.startSpan('invoke_agent Support Agent', {
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Support Agent', 'gen_ai.agent.id': 'agent-7', 'user.id': userId, ...conversation(conversationId) },
      startTime: at(start),
    });
    inside(span);
    span.end(at(end));
  };
  const chat = (model: string, input: number, cached: number, output: number): Attributes => ({
    'gen_ai.operation.name': 'chat',
    ...provided(model.startsWith('gpt') ? 'openai' : 'other'),
    'gen_ai.request.model': model,
    'gen_ai.response.model': model === 'gpt-4o' ? 'gpt-4o-2024-08-06' : model,
    'gen_ai.usage.input_tokens': input,
    'gen_ai.usage.output_tokens': output,
    ...(cached > 0 ? { 'gen_ai.usage.cache_read.input_tokens': cached } : {}),
    'gen_ai.response.finish_reasons': ['stop'],
  });
  const tool = (name: string): Attributes => ({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name });

  const evaluate = (span: Span, time: number, attributes: Attributes) => {
    if (options.scores === true) span.addEvent('gen_ai.evaluation.result', attributes, at(time));
  };
  turn('conv-1', 'u1', 0, 3000, (t) => {
    evaluate(t, 2900, { 'gen_ai.evaluation.name': 'faithfulness', 'gen_ai.evaluation.score.value': 0.9, 'gen_ai.evaluation.score.label': 'pass', 'gen_ai.evaluation.explanation': 'Grounded in the order record.' });
    evaluate(t, 2950, { 'gen_ai.evaluation.name': 'faithfulness', 'gen_ai.evaluation.score.value': 0.6, 'gen_ai.evaluation.score.label': 'fail' });
    child(t, 'chat gpt-4o', chat('gpt-4o', 1000, 400, 200), 100, 1300);
    child(t, 'execute_tool lookup_order', tool('lookup_order'), 1400, 1700);
    child(t, 'chat gpt-4o', chat('gpt-4o', 1500, 1000, 300), 1800, 2700);
  });
  turn('conv-1', 'u1', 60_000, 62_000, (t) => {
    evaluate(t, 61_900, { 'gen_ai.evaluation.name': 'user_feedback', 'gen_ai.evaluation.score.value': 1, 'gen_ai.evaluation.score.label': 'thumbs_up' });
    child(t, 'chat gpt-4o', chat('gpt-4o', 2000, 0, 100), 60_100, 60_900);
  });
  turn('conv-2', 'u2', 120_000, 125_000, (t) => {
    evaluate(t, 124_000, { 'gen_ai.evaluation.name': 'user_feedback', 'gen_ai.evaluation.score.value': -1, 'gen_ai.evaluation.score.label': 'thumbs_down' });
    evaluate(t, 124_100, { 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.label': 'relevant' });
    evaluate(t, 124_200, { 'gen_ai.evaluation.score.value': 0.4 });
    evaluate(t, 124_300, { 'gen_ai.evaluation.name': 'toxicity', 'gen_ai.evaluation.score.value': 'high' });
    child(t, 'chat gpt-4o-mini', chat('gpt-4o-mini', 500, 0, 50), 120_100, 120_500);
    child(t, 'chat gpt-4o-mini', chat('gpt-4o-mini', 0, 0, 0), 120_600, 120_700, 'rate_limit_exceeded');
    child(t, 'execute_tool handoff_to_human', tool('handoff_to_human'), 121_000, 121_050);
  });
  // A model call that carries no conversation key in a trace of its own: skipped, with the reason.
  tracer.startSpan('chat gpt-4o', { attributes: chat('gpt-4o', 10, 0, 10), startTime: at(200_000) }).end(at(200_100));
  // Not a GenAI span at all.
  tracer.startSpan('GET /orders/42', { attributes: { 'http.request.method': 'GET' }, startTime: at(1400) }).end(at(1450));

  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return spans;
}
