import type { Rejection } from '../events/validate-events.ts';

/** A request the ingest API refuses as a whole, with the HTTP status to answer. */
export class BatchError extends Error {
  override readonly name = 'BatchError';
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export const maxBatchEvents = 5_000;
export const maxBatchBytes = 5 * 1024 * 1024;

const ndjsonTypes = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines']);

/**
 * Splits a request body into candidate events: a JSON array, `{"events": [...]}`, or NDJSON (one
 * event per non-blank line). NDJSON lines that are not JSON come back as rejections.
 */
export function parseBatch(contentType: string | undefined, body: Buffer): { candidates: unknown[]; unreadable: Rejection[] } {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let candidates: unknown[];
  const unreadable: Rejection[] = [];
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new BatchError(400, `body is not valid JSON: ${(error as Error).message}`);
    }
    if (Array.isArray(parsed)) candidates = parsed;
    else if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { events?: unknown }).events)) {
      candidates = (parsed as { events: unknown[] }).events;
    } else throw new BatchError(400, 'expected a JSON array of events, or an object {"events": [...]}');
  } else if (ndjsonTypes.has(mediaType)) {
    candidates = [];
    for (const line of body.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        candidates.push(JSON.parse(line));
      } catch (error) {
        unreadable.push({ index: candidates.length, path: '', message: `line is not valid JSON: ${(error as Error).message}` });
        candidates.push(undefined);
      }
    }
  } else {
    throw new BatchError(415, `unsupported content type ${JSON.stringify(mediaType || '(none)')}; send application/json (an array of events) or application/x-ndjson (one event per line)`);
  }
  if (candidates.length > maxBatchEvents) {
    throw new BatchError(413, `a request may hold at most ${maxBatchEvents.toLocaleString('en-US')} events; this one holds ${candidates.length.toLocaleString('en-US')}`);
  }
  if (candidates.length === 0) throw new BatchError(400, 'the batch holds no events');
  return { candidates, unreadable };
}
