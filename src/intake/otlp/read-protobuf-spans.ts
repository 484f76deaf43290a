import { evaluationAttributesRead, spanAttributesRead } from './map-spans.ts';
import { otlpTypes, UndecodableError } from './otlp-protobuf.ts';
import { evaluationEventName } from './read-spans.ts';
import type { AttributeValue, OtlpSpan, OtlpSpanEvent } from './read-spans.ts';

/**
 * The fields of the decoded protobufjs messages that are read. A field absent from the wire is not
 * an own property (its default sits on the prototype), so presence is tested with `Object.hasOwn`.
 */
interface Int64 {
  low: number;
  high: number;
}
interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | Int64;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}
interface Span {
  traceId: Uint8Array;
  spanId: Uint8Array;
  name: string;
  startTimeUnixNano: number | Int64;
  endTimeUnixNano: number | Int64;
  attributes: KeyValue[];
  events: { timeUnixNano: number | Int64; name: string; attributes: KeyValue[] }[];
  status?: { code: number; message: string };
}
interface Request {
  resourceSpans: { resource?: { attributes: KeyValue[] }; scopeSpans: { spans: Span[] }[] }[];
}

const resourceAttributesRead = new Set(['service.name', 'service.version']);

/**
 * The spans of an `ExportTraceServiceRequest` in protobuf, read straight from the decoded messages:
 * no intermediate plain object, ids to hex from their bytes, and only the attributes the mapping
 * reads converted (the others are skipped). Gives the same spans as `readSpans` of the JSON shape.
 */
export function readProtobufSpans(body: Uint8Array): OtlpSpan[] {
  const { request } = otlpTypes();
  let message: Request;
  try {
    message = request.decode(body) as unknown as Request;
  } catch (error) {
    throw new UndecodableError(`body is not an OTLP ExportTraceServiceRequest in protobuf: ${(error as Error).message}`, { cause: error });
  }
  const spans: OtlpSpan[] = [];
  for (const rs of message.resourceSpans) {
    const resource = attributes(rs.resource?.attributes ?? [], resourceAttributesRead);
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) {
        const status = s.status;
        const statusMessage = status?.message;
        // Most spans have no events: the loop below is skipped and costs one length check.
        const evaluations = s.events.length > 0 ? evaluationEvents(s.events) : undefined;
        spans.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          name: s.name,
          startMs: nanosToMs(s.startTimeUnixNano),
          endMs: nanosToMs(s.endTimeUnixNano),
          statusCode: status?.code ?? 0,
          ...(statusMessage !== undefined && statusMessage !== '' ? { statusMessage } : {}),
          attributes: attributes(s.attributes, spanAttributesRead),
          resource,
          ...(evaluations !== undefined && evaluations.length > 0 ? { evaluations } : {}),
        });
      }
    }
  }
  return spans;
}

/** The `gen_ai.evaluation.result` events of a span, with only the attributes the mapping reads (as `readSpans` keeps them). */
function evaluationEvents(events: Span['events']): OtlpSpanEvent[] {
  const kept: OtlpSpanEvent[] = [];
  for (let index = 0; index < events.length; index++) {
    const e = events[index]!;
    if (e.name !== evaluationEventName) continue;
    kept.push({ index, name: evaluationEventName, timeMs: nanosToMs(e.timeUnixNano), attributes: attributes(e.attributes, evaluationAttributesRead) });
  }
  return kept;
}

/** Bytes as lowercase hex, without copying them (protobufjs gives a Buffer under Node). */
function hex(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  return Buffer.isBuffer(bytes) ? bytes.toString('hex') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

function attributes(list: readonly KeyValue[], read: ReadonlySet<string>): Map<string, AttributeValue> {
  const map = new Map<string, AttributeValue>();
  for (const kv of list) if (read.has(kv.key)) map.set(kv.key, anyValue(kv.value));
  return map;
}

function anyValue(v: AnyValue | undefined): AttributeValue {
  if (v === undefined) return undefined;
  if (Object.hasOwn(v, 'stringValue')) return v.stringValue;
  if (Object.hasOwn(v, 'intValue')) return int64(v.intValue!);
  if (Object.hasOwn(v, 'boolValue')) return v.boolValue;
  if (Object.hasOwn(v, 'doubleValue')) return v.doubleValue;
  if (Object.hasOwn(v, 'arrayValue')) return (v.arrayValue?.values ?? []).map(anyValue);
  return undefined;
}

/** A 64-bit integer as protobufjs gives it (a number, or a Long when the `long` package is present). */
function int64(v: number | Int64): number {
  return typeof v === 'number' ? v : v.high * 4_294_967_296 + (v.low >>> 0);
}

/** Nanoseconds since the epoch as milliseconds, rounded to whole microseconds (as `readSpans` does). */
function nanosToMs(v: number | Int64): number {
  return Math.round(int64(v) / 1000) / 1000;
}
