import { evaluationScores } from './map-evaluations.ts';
import type { AttributeValue, OtlpSpan } from './read-spans.ts';

export { evaluationAttributesRead } from './map-evaluations.ts';

/** How spans become contract events (settings of docs/llm-bots.md). */
export interface SpanMappingSettings {
  /** Where a bot's id comes from: the resource's `service.name`, or the span's `gen_ai.agent.name`. */
  botIdFrom: 'service' | 'agent';
  /** A tool whose name contains one of these (case-insensitive) is a hand-off to a human. */
  handoffTools: readonly string[];
}

/** The contract events made from one span. */
export interface MappedSpan {
  span: number;
  /** Stored together or not at all (one invalid event rejects the span). */
  events: Record<string, unknown>[];
  /** Scores of its evaluation events: each stored or dropped on its own, never costing the span. */
  scores: Record<string, unknown>[];
}

export interface SpanMapping {
  mapped: MappedSpan[];
  /** Spans that looked like GenAI spans but could not be mapped, with why. */
  skipped: { span: number; reason: string }[];
  /** Spans that are not GenAI spans (HTTP, database, …): nothing to map. */
  ignored: number;
  /** Evaluation events that could not become scores, with why (their spans' other events are kept). */
  droppedScores: { span: number; reason: string }[];
}

const conversationKeys = ['gen_ai.conversation.id', 'session.id', 'langfuse.session.id'];
const userKeys = ['user.id', 'enduser.id'];
const modelCallOperations = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);

/** Every span attribute the mapping reads: a protobuf export converts only these. */
export const spanAttributesRead: ReadonlySet<string> = new Set([
  ...conversationKeys,
  ...userKeys,
  'gen_ai.operation.name',
  'gen_ai.agent.name',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.tool.name',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.response.finish_reasons',
  'error.type',
]);


const text = (v: AttributeValue): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const whole = (v: AttributeValue): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);
const firstOf = (attributes: ReadonlyMap<string, AttributeValue>, keys: readonly string[]) => {
  for (const key of keys) {
    const value = text(attributes.get(key));
    if (value !== undefined) return value;
  }
  return undefined;
};

/** A name made into a bot id: lowercase letters, digits, `_` and `-`, starting with a letter or digit, at most 64. */
export function toBotId(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return id === '' ? undefined : id;
}

/** `scored`: not a GenAI operation, but it carries evaluation events (an evaluator's own span). */
type Kind = 'turn' | 'tool' | 'model' | 'scored' | undefined;

function kindOf(span: OtlpSpan): Kind {
  const operation = text(span.attributes.get('gen_ai.operation.name'));
  if (operation === 'invoke_agent') return 'turn';
  if (operation === 'execute_tool') return 'tool';
  if (operation !== undefined && modelCallOperations.has(operation)) return 'model';
  if (operation === undefined && (span.attributes.has('gen_ai.request.model') || span.attributes.has('gen_ai.response.model'))) return 'model';
  return span.evaluations !== undefined ? 'scored' : undefined;
}

/**
 * Maps the spans of one export to contract events (docs/llm-bots.md "Mapping"). A span without
 * its own conversation key, user or agent name takes its trace's, when another span of the same
 * trace in this export carries one. Event ids derive from trace and span ids, so a retried export
 * stores nothing twice.
 */
export function mapSpans(spans: readonly OtlpSpan[], settings: SpanMappingSettings): SpanMapping {
  const byTrace = new Map<string, { conversation?: string; user?: string; agent?: string }>();
  for (const span of spans) {
    const trace = byTrace.get(span.traceId) ?? {};
    trace.conversation ??= firstOf(span.attributes, conversationKeys);
    trace.user ??= firstOf(span.attributes, userKeys);
    trace.agent ??= text(span.attributes.get('gen_ai.agent.name'));
    byTrace.set(span.traceId, trace);
  }
  const handoffWords = settings.handoffTools.map((w) => w.toLowerCase());
  const botIds = new Map<string | undefined, string | undefined>();
  const botIdOf = (name: string | undefined) => {
    if (!botIds.has(name)) botIds.set(name, toBotId(name));
    return botIds.get(name);
  };
  const result: SpanMapping = { mapped: [], skipped: [], ignored: 0, droppedScores: [] };

  spans.forEach((span, index) => {
    const kind = kindOf(span);
    if (kind === undefined) {
      result.ignored++;
      return;
    }
    const skip = (reason: string) => result.skipped.push({ span: index, reason });
    const a = span.attributes;
    const trace = byTrace.get(span.traceId) ?? {};
    const conversationId = firstOf(a, conversationKeys) ?? trace.conversation;
    if (conversationId === undefined) return skip('no conversation key (gen_ai.conversation.id, session.id or langfuse.session.id)');
    const agent = text(a.get('gen_ai.agent.name')) ?? trace.agent;
    const serviceName = text(span.resource.get('service.name'));
    const botId = botIdOf(settings.botIdFrom === 'agent' ? (agent ?? serviceName) : serviceName);
    if (botId === undefined) return skip(settings.botIdFrom === 'agent' ? 'no bot id (gen_ai.agent.name or service.name)' : 'no bot id (service.name)');
    if (!/^[0-9a-f]{32}$/.test(span.traceId) || !/^[0-9a-f]{16}$/.test(span.spanId)) return skip('no valid trace and span id');
    if (!Number.isFinite(span.startMs) || !Number.isFinite(span.endMs) || span.startMs <= 0) return skip('no valid start and end time');

    const latencyMs = Math.max(0, Math.round(span.endMs - span.startMs));
    const error = text(a.get('error.type')) ?? (span.statusCode === 2 ? (span.statusMessage ?? 'error') : undefined);
    const user = firstOf(a, userKeys) ?? trace.user;
    const version = text(span.resource.get('service.version'));
    // Fields assigned one by one rather than spread from optional parts: this runs for every span of every export.
    const event = (suffix: string, at: number, type: string): Record<string, unknown> => {
      const e: Record<string, unknown> = { id: `otel-${span.traceId}-${span.spanId}${suffix}`, type, timestamp: new Date(at).toISOString(), botId, conversationId };
      if (user !== undefined) e.userId = user;
      if (version !== undefined) e.botVersion = version;
      return e;
    };

    const events: Record<string, unknown>[] = [];
    if (kind === 'turn') {
      events.push(event(':in', span.startMs, 'message.received'));
      const sent = event(':out', span.endMs, 'message.sent');
      sent.latencyMs = latencyMs;
      events.push(sent);
    } else if (kind === 'tool') {
      const tool = text(a.get('gen_ai.tool.name')) ?? (span.name.replace(/^execute_tool\s+/, '') || 'tool');
      const call = event('', span.startMs, 'tool.call');
      call.tool = tool;
      call.latencyMs = latencyMs;
      if (error !== undefined) call.error = error;
      events.push(call);
      const lower = tool.toLowerCase();
      if (handoffWords.some((w) => lower.includes(w))) {
        const handoff = event(':handoff', span.endMs, 'handoff');
        handoff.reason = `tool ${tool}`;
        events.push(handoff);
      }
    } else if (kind === 'model') {
      const model = text(a.get('gen_ai.response.model')) ?? text(a.get('gen_ai.request.model'));
      if (model === undefined) return skip('no model (gen_ai.response.model or gen_ai.request.model)');
      const provider = text(a.get('gen_ai.provider.name')) ?? text(a.get('gen_ai.system'));
      const inputTokens = whole(a.get('gen_ai.usage.input_tokens')) ?? whole(a.get('gen_ai.usage.prompt_tokens'));
      const outputTokens = whole(a.get('gen_ai.usage.output_tokens')) ?? whole(a.get('gen_ai.usage.completion_tokens'));
      const cached = whole(a.get('gen_ai.usage.cache_read.input_tokens'));
      const finishReasons = a.get('gen_ai.response.finish_reasons');
      const operation = text(a.get('gen_ai.operation.name'));
      const call = event('', span.startMs, 'llm.call');
      call.model = model;
      if (provider !== undefined) call.provider = provider;
      if (inputTokens !== undefined) call.inputTokens = inputTokens;
      if (outputTokens !== undefined) call.outputTokens = outputTokens;
      // Cached input is part of the input (GenAI conventions); a count above it is capped rather than refused.
      if (cached !== undefined) call.cachedInputTokens = inputTokens !== undefined ? Math.min(cached, inputTokens) : cached;
      call.latencyMs = latencyMs;
      if (error !== undefined) call.error = error;
      if (Array.isArray(finishReasons)) call.finishReasons = finishReasons;
      if (operation !== undefined) call.operation = operation;
      events.push(call);
    }
    const { scores, dropped } = span.evaluations === undefined ? { scores: [], dropped: [] } : evaluationScores(span, event);
    for (const reason of dropped) result.droppedScores.push({ span: index, reason });
    result.mapped.push({ span: index, events, scores });
  });
  return result;
}
