import { z } from 'zod';

/**
 * The ingest contract v1.2 (docs/events.md is generated from it; v1.1 adds `llm.call` and `tool.call`, v1.2 adds `score`). One schema per event type; unknown extra fields are
 * kept (they land in `attrs`) and never break ingestion. Messages name what was expected, so a
 * rejection reads `events[3].timestamp: expected ISO-8601 date-time with offset or Z`.
 */
export const eventTypes = [
  'conversation.started',
  'message.received',
  'message.sent',
  'intent.detected',
  'step.reached',
  'goal.completed',
  'lead.captured',
  'conversion',
  'handoff',
  'resolved',
  'conversation.ended',
  'csat',
  'sentiment',
  'cta.clicked',
  'followup.sent',
  'delivery',
  // Contract v1.1 (LLM bots).
  'llm.call',
  'tool.call',
  // Contract v1.2 (named scores: evaluations and user feedback).
  'score',
] as const;
export type EventType = (typeof eventTypes)[number];

/**
 * What a bot may or may not send, as metrics need it: an event type, or `step.final` — a
 * `step.reached` with `final: true` (without one, "completed" means nothing).
 */
export type Signal = EventType | 'step.final';

/** How a signal reads in an n/a reason: "sends no step.reached events with final: true". */
export function describeSignal(signal: Signal): string {
  return signal === 'step.final' ? 'step.reached events with final: true' : `${signal} events`;
}

export const outcomes = ['success', 'mixed', 'unsuccessful'] as const;
export const deliveryStatuses = ['sent', 'delivered', 'rejected', 'expired', 'undeliverable'] as const;

/** Postgres text cannot hold NUL, and a lone UTF-16 surrogate is not text. */
const storable = (s: string) => !s.includes('\u0000') && s.isWellFormed();
const storableError = { error: 'expected text without NUL characters or broken Unicode' };

const text = (min: number, max: number) =>
  z
    .string({ error: `expected a string of ${min}–${max} characters` })
    .min(min, { error: `expected a string of ${min}–${max} characters` })
    .max(max, { error: `expected a string of ${min}–${max} characters` })
    .refine(storable, storableError);
const optionalText = (max: number) => text(1, max).optional();
const flag = z.boolean({ error: 'expected true or false' }).optional();
const milliseconds = z.number({ error: 'expected a whole number of milliseconds ≥ 0' }).int({ error: 'expected a whole number of milliseconds ≥ 0' }).min(0, {
  error: 'expected a whole number of milliseconds ≥ 0',
}).max(2_147_483_647, { error: 'expected at most 2147483647 ms' }).optional();
const tokens = z.number({ error: 'expected a whole number of tokens ≥ 0' }).int({ error: 'expected a whole number of tokens ≥ 0' }).min(0, {
  error: 'expected a whole number of tokens ≥ 0',
}).max(Number.MAX_SAFE_INTEGER, { error: 'expected a whole number of tokens ≥ 0' }).optional();

/** A score's name is what `score:<name>` selects; its comment (an evaluator's explanation, a user's words) is kept in attrs. */
export const maxScoreNameChars = 128;
export const maxScoreCommentChars = 2000;

const common = {
  id: text(1, 128),
  type: z.string(),
  timestamp: z.iso.datetime({ offset: true, error: 'expected ISO-8601 date-time with offset or Z' }),
  botId: z.string({ error: 'expected a bot id: lowercase letters, digits, _ and -, starting with a letter or digit, at most 64' }).regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    error: 'expected a bot id: lowercase letters, digits, _ and -, starting with a letter or digit, at most 64',
  }),
  conversationId: text(1, 256),
  userId: optionalText(256),
  botVersion: optionalText(128),
  channel: optionalText(64),
};

const specific = {
  'conversation.started': {},
  'message.received': { text: z.string({ error: 'expected a string' }).max(100_000, { error: 'expected at most 100,000 characters' }).optional() },
  'message.sent': {
    expectsReply: flag,
    latencyMs: z.number({ error: 'expected a whole number of milliseconds ≥ 0' }).int({ error: 'expected a whole number of milliseconds ≥ 0' }).min(0, {
      error: 'expected a whole number of milliseconds ≥ 0',
    }).max(2_147_483_647, { error: 'expected at most 2147483647 ms' }).optional(),
    ctas: z.array(text(1, 256), { error: 'expected an array of strings' }).max(100, { error: 'expected at most 100 CTAs' }).optional(),
    text: z.string({ error: 'expected a string' }).max(100_000, { error: 'expected at most 100,000 characters' }).optional(),
  },
  'intent.detected': {
    intent: text(1, 256),
    confidence: z.number({ error: 'expected a number from 0 to 1' }).min(0, { error: 'expected a number from 0 to 1' }).max(1, { error: 'expected a number from 0 to 1' }).optional(),
    fallback: flag,
    correct: flag,
  },
  'step.reached': { flow: text(1, 256), step: text(1, 256), final: flag },
  'goal.completed': { goal: text(1, 256) },
  'lead.captured': {},
  conversion: {
    value: z.number({ error: 'expected a finite number' }).finite({ error: 'expected a finite number' }).optional(),
    currency: z.string({ error: 'expected an ISO-4217 currency code such as EUR' }).regex(/^[A-Z]{3}$/, { error: 'expected an ISO-4217 currency code such as EUR' }).optional(),
  },
  handoff: { reason: optionalText(1024), queue: optionalText(256) },
  resolved: {},
  'conversation.ended': { outcome: z.enum(outcomes, { error: 'expected success, mixed or unsuccessful' }).optional() },
  csat: { score: z.number({ error: 'expected a whole number from 1 to 5' }).int({ error: 'expected a whole number from 1 to 5' }).min(1, { error: 'expected a whole number from 1 to 5' }).max(5, { error: 'expected a whole number from 1 to 5' }) },
  sentiment: { score: z.number({ error: 'expected a number from -1 to 1' }).min(-1, { error: 'expected a number from -1 to 1' }).max(1, { error: 'expected a number from -1 to 1' }) },
  'cta.clicked': { cta: text(1, 256) },
  'followup.sent': {},
  delivery: { status: z.enum(deliveryStatuses, { error: 'expected sent, delivered, rejected, expired or undeliverable' }), messageId: optionalText(256) },
  'llm.call': {
    model: text(1, 256),
    provider: optionalText(128),
    inputTokens: tokens,
    outputTokens: tokens,
    // Part of inputTokens: the input tokens read from the provider's prompt cache.
    cachedInputTokens: tokens,
    latencyMs: milliseconds,
    error: optionalText(1024),
    costUsd: z.number({ error: 'expected a cost in US dollars ≥ 0' }).finite({ error: 'expected a cost in US dollars ≥ 0' }).min(0, { error: 'expected a cost in US dollars ≥ 0' }).optional(),
  },
  'tool.call': { tool: text(1, 256), latencyMs: milliseconds, error: optionalText(1024) },
  score: {
    name: text(1, maxScoreNameChars),
    value: z.number({ error: 'expected a finite number' }).finite({ error: 'expected a finite number' }).optional(),
    label: optionalText(128),
    comment: optionalText(maxScoreCommentChars),
  },
} satisfies Record<EventType, z.ZodRawShape>;

/** Rules across fields of one event, checked after its fields. */
const crossFieldChecks: Partial<Record<EventType, (event: Record<string, unknown>) => FieldProblem | undefined>> = {
  'llm.call': (event) => {
    const { inputTokens, cachedInputTokens } = event;
    if (typeof cachedInputTokens === 'number' && typeof inputTokens === 'number' && cachedInputTokens > inputTokens) {
      return { path: 'cachedInputTokens', message: 'expected at most inputTokens (cached input tokens are part of the input tokens)' };
    }
    return undefined;
  },
  // A score says something only with a number, a label, or both.
  score: (event) => (event.value === undefined && event.label === undefined ? { path: 'value', message: 'required: expected a number value, a label, or both' } : undefined),
};

const schemas = new Map<string, z.ZodType<Record<string, unknown>>>(
  eventTypes.map((type) => [type, z.looseObject({ ...common, ...specific[type] }) as unknown as z.ZodType<Record<string, unknown>>]),
);

/** One type's schema as validation uses it (docs/events.md and the OpenAPI document are generated from it). */
export function eventSchema(type: EventType): z.ZodType<Record<string, unknown>> {
  const schema = schemas.get(type);
  if (schema === undefined) throw new Error(`no schema for event type ${type}`);
  return schema;
}

/** The fields of each type that the contract names (everything else is an extra field). */
export const knownFields: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  eventTypes.map((type) => [type, new Set([...Object.keys(common), ...Object.keys(specific[type])])]),
);

/** One event of type `T` as the contract describes it, from the same schemas the server validates with. */
export type EventOf<T extends EventType> = (EventShape<T> extends z.ZodRawShape ? z.infer<z.ZodObject<EventShape<T>>> : never) & { type: T };
type EventShape<T extends EventType> = Omit<typeof common, 'type'> & (typeof specific)[T];

/** Any one contract event: a union over the types, so `type` narrows the fields. */
export type AnyEvent = { [T in EventType]: EventOf<T> }[EventType];

/** A contract event that passed validation (field names as sent). */
export type ContractEvent = Record<string, unknown> & {
  id: string;
  type: EventType;
  timestamp: string;
  botId: string;
  conversationId: string;
};

export interface FieldProblem {
  /** Dotted path inside the event, e.g. `timestamp` or `ctas.2`. */
  path: string;
  message: string;
}

/** Validates one candidate event; returns it typed or the first problem found. */
export function checkEvent(candidate: unknown): { ok: true; event: ContractEvent } | { ok: false; problem: FieldProblem } {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
    return { ok: false, problem: { path: '', message: 'expected an event object' } };
  }
  const type = (candidate as { type?: unknown }).type;
  const schema = typeof type === 'string' ? schemas.get(type) : undefined;
  if (schema === undefined) {
    const shown = typeof type === 'string' ? `unknown event type ${JSON.stringify(type.slice(0, 64))}` : 'missing event type';
    return { ok: false, problem: { path: 'type', message: `${shown}; expected one of ${eventTypes.join(', ')}` } };
  }
  const result = schema.safeParse(candidate);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = (issue?.path ?? []).map(String).join('.');
    const missing = issue?.code === 'invalid_type' && valueAt(candidate, issue.path) === undefined;
    const message = missing ? `required: ${issue.message}` : (issue?.message ?? 'invalid');
    return { ok: false, problem: { path, message } };
  }
  const problem = crossFieldChecks[type as EventType]?.(result.data);
  if (problem) return { ok: false, problem };
  return { ok: true, event: result.data as ContractEvent };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
