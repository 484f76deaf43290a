import { UndecodableError } from './otlp-protobuf.ts';

/** An attribute value as OTLP carries it, flattened: text, number, boolean, or a list of them. */
export type AttributeValue = string | number | boolean | AttributeValue[] | undefined;

/** A span event the mapping reads (only `gen_ai.evaluation.result` ones are kept), at its index among the span's events. */
export interface OtlpSpanEvent {
  index: number;
  name: string;
  timeMs: number;
  attributes: ReadonlyMap<string, AttributeValue>;
}

/** Span events of this name become `score` events (docs/llm-bots.md "Scores"). */
export const evaluationEventName = 'gen_ai.evaluation.result';

/** One span of an export, with its resource's attributes. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  startMs: number;
  endMs: number;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage?: string;
  attributes: ReadonlyMap<string, AttributeValue>;
  resource: ReadonlyMap<string, AttributeValue>;
  /** The span's evaluation events, when it has any. */
  evaluations?: OtlpSpanEvent[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown, what: string): unknown[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new UndecodableError(`${what}: expected an array`);
  return v;
};

/** An OTLP AnyValue (`{"stringValue": …}`, `{"intValue": "12"}`, …) as a plain value. */
function anyValue(v: unknown): AttributeValue {
  if (!isObject(v)) return undefined;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (isObject(v.arrayValue)) return list(v.arrayValue.values, 'arrayValue.values').map(anyValue);
  return undefined;
}

function attributes(v: unknown, what: string): Map<string, AttributeValue> {
  const map = new Map<string, AttributeValue>();
  for (const kv of list(v, what)) if (isObject(kv) && typeof kv.key === 'string') map.set(kv.key, anyValue(kv.value));
  return map;
}

/**
 * Nanoseconds since the epoch (a string or number in OTLP/JSON) as milliseconds, to the
 * microsecond: a number this large is exact only to 256 ns, so it is rounded to whole microseconds.
 */
function nanosToMs(v: unknown): number {
  if (typeof v === 'number') return Math.round(v / 1000) / 1000;
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return Number(BigInt(v) / 1000n) / 1000;
  return Number.NaN;
}

/**
 * The spans of an ExportTraceServiceRequest in the OTLP/JSON shape (protobuf bodies are read by
 * read-protobuf-spans.ts). A body that is not that shape is undecodable as a whole (400).
 */
export function readSpans(request: unknown): OtlpSpan[] {
  if (!isObject(request)) throw new UndecodableError('expected an OTLP ExportTraceServiceRequest object with resourceSpans');
  const spans: OtlpSpan[] = [];
  for (const rs of list(request.resourceSpans, 'resourceSpans')) {
    if (!isObject(rs)) throw new UndecodableError('resourceSpans: expected objects');
    const resource = attributes(isObject(rs.resource) ? rs.resource.attributes : undefined, 'resource.attributes');
    for (const ss of list(rs.scopeSpans, 'scopeSpans')) {
      if (!isObject(ss)) throw new UndecodableError('scopeSpans: expected objects');
      for (const s of list(ss.spans, 'spans')) {
        if (!isObject(s)) throw new UndecodableError('spans: expected objects');
        const status = isObject(s.status) ? s.status : {};
        const evaluations = evaluationEvents(s.events);
        spans.push({
          traceId: typeof s.traceId === 'string' ? s.traceId.toLowerCase() : '',
          spanId: typeof s.spanId === 'string' ? s.spanId.toLowerCase() : '',
          name: typeof s.name === 'string' ? s.name : '',
          startMs: nanosToMs(s.startTimeUnixNano),
          endMs: nanosToMs(s.endTimeUnixNano),
          statusCode: typeof status.code === 'number' ? status.code : status.code === 'STATUS_CODE_ERROR' ? 2 : 0,
          ...(typeof status.message === 'string' && status.message !== '' ? { statusMessage: status.message } : {}),
          attributes: attributes(s.attributes, 'attributes'),
          resource,
          ...(evaluations.length > 0 ? { evaluations } : {}),
        });
      }
    }
  }
  return spans;
}

/** The span's `gen_ai.evaluation.result` events, each with its index among all of the span's events (the index makes its event id). */
function evaluationEvents(v: unknown): OtlpSpanEvent[] {
  const kept: OtlpSpanEvent[] = [];
  list(v, 'events').forEach((e, index) => {
    if (!isObject(e) || e.name !== evaluationEventName) return;
    kept.push({ index, name: evaluationEventName, timeMs: nanosToMs(e.timeUnixNano), attributes: attributes(e.attributes, 'events.attributes') });
  });
  return kept;
}
