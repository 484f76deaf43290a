import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The published OTLP definitions, shipped in `proto/` (from src/ and from dist/ alike). */
const protoRoot = fileURLToPath(new URL('../../../proto/', import.meta.url));

let types: { request: protobuf.Type; response: protobuf.Type; status: protobuf.Type } | undefined;

/** Loads the OTLP trace service messages once (protobufjs reflection over the .proto files); the route calls it at start, so no export waits for it. */
export function otlpTypes() {
  if (types) return types;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => `${protoRoot}${target}`;
  root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto', { keepCase: false });
  // google.rpc.Status, the body of an OTLP error response (only its code and message are used).
  const status = new protobuf.Type('Status').add(new protobuf.Field('code', 1, 'int32')).add(new protobuf.Field('message', 2, 'string'));
  root.define('google.rpc').add(status);
  types = {
    request: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    response: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    status: root.lookupType('google.rpc.Status'),
  };
  return types;
}

/** The protobuf body was not an ExportTraceServiceRequest. */
export class UndecodableError extends Error {
  override readonly name = 'UndecodableError';
}

/** An `ExportTraceServiceResponse` in protobuf: `partialSuccess` only when something was rejected or is worth a warning. */
export function encodeTraceResponse(partial?: { rejectedSpans: number; errorMessage: string }): Uint8Array {
  const { response } = otlpTypes();
  return response.encode(response.fromObject(partial ? { partialSuccess: { rejectedSpans: partial.rejectedSpans, errorMessage: partial.errorMessage } } : {})).finish();
}

/** A `google.rpc.Status` in protobuf: the body of an OTLP error answer. */
export function encodeStatus(code: number, message: string): Uint8Array {
  const { status } = otlpTypes();
  return status.encode(status.fromObject({ code, message })).finish();
}
