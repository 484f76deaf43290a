import type { ServerResponse } from 'node:http';
import { encodeStatus, encodeTraceResponse } from './otlp-protobuf.ts';

/** The encoding of a request, which its answer uses too (OTLP/HTTP). */
export type OtlpEncoding = 'protobuf' | 'json';

/** gRPC status codes for the HTTP statuses botwatch answers with (google.rpc.Status.code). */
const grpcCodes: Record<number, number> = { 400: 3, 401: 16, 413: 8, 415: 3, 429: 8, 503: 14 };

/** 200: an ExportTraceServiceResponse, with `partialSuccess` when spans were rejected or there is a warning. */
export function sendExportResponse(res: ServerResponse, encoding: OtlpEncoding, partial?: { rejectedSpans: number; errorMessage: string }): void {
  if (encoding === 'protobuf') return send(res, 200, 'application/x-protobuf', Buffer.from(encodeTraceResponse(partial)));
  send(res, 200, 'application/json', Buffer.from(JSON.stringify(partial ? { partialSuccess: partial } : {})));
}

/** An error answer: a google.rpc.Status in the request's encoding, with any headers (Retry-After). */
export function sendOtlpError(res: ServerResponse, encoding: OtlpEncoding, status: number, message: string, headers: Record<string, string> = {}): void {
  const code = grpcCodes[status] ?? 2;
  if (encoding === 'protobuf') return send(res, status, 'application/x-protobuf', Buffer.from(encodeStatus(code, message)), headers);
  send(res, status, 'application/json', Buffer.from(JSON.stringify({ code, message })), headers);
}

function send(res: ServerResponse, status: number, contentType: string, body: Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length, ...headers });
  res.end(body);
}
