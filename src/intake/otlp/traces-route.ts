import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Database } from '../../db/database.ts';
import { isDatabaseUnavailable } from '../../errors.ts';
import type { EventRow } from '../../events/event-row.ts';
import { maxNewPartitionsPerRequest } from '../../events/partitions.ts';
import { storeEvents } from '../../events/store-events.ts';
import { validateEvent } from '../../events/validate-events.ts';
import { BodyTooLargeError, readBody } from '../../http/read-body.ts';
import type { Route } from '../../http/router.ts';
import { EventRateLimiter } from '../../ingest/rate-limiter.ts';
import { findActiveApiKey } from '../../keys/api-keys.ts';
import type { Logger } from '../../log.ts';
import { mapSpans } from './map-spans.ts';
import type { SpanMappingSettings } from './map-spans.ts';
import { otlpTypes, UndecodableError } from './otlp-protobuf.ts';
import { readProtobufSpans } from './read-protobuf-spans.ts';
import { sendExportResponse, sendOtlpError } from './otlp-response.ts';
import type { OtlpEncoding } from './otlp-response.ts';
import { readSpans } from './read-spans.ts';

export interface TracesRouteOptions extends SpanMappingSettings {
  db: Database;
  logger: Logger;
  storeMessageText: boolean;
  /** Spans per second per key unless the key has its own rate (the ingest API's rate, in spans). */
  defaultRatePerKey: number;
  /** Spans older than this many days are refused, as at the ingest API (0 or absent: kept forever). */
  retentionDays?: number;
  /** How long an export may wait on the database before it is answered 503 (the ingest API's timeout). */
  timeoutMs?: number;
}

/** Request bodies past this size (compressed, and again once decompressed) are refused with 413. */
export const maxTraceBytes = 16 * 1024 * 1024;
export const maxTraceSpans = 20_000;
const retryAfterSeconds = '5';
const gunzipAsync = promisify(gunzip);

const encodings: Record<string, OtlpEncoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};

/** `POST /v1/traces`: OTLP/HTTP trace export from LLM bots (docs/llm-bots.md). */
export function tracesRoute(options: TracesRouteOptions): Route {
  const limiter = new EventRateLimiter();
  const { logger } = options;
  const db = options.timeoutMs !== undefined ? (options.db.withTimeout?.(options.timeoutMs) ?? options.db) : options.db;
  otlpTypes();

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const encoding = encodings[mediaType];
    const fail = (status: number, message: string, headers: Record<string, string> = {}) => sendOtlpError(res, encoding ?? 'json', status, message, headers);

    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) {
      return fail(401, 'missing API key: set OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <key>" (create one with `botwatch keys create <name>`)');
    }
    if (encoding === undefined) {
      return fail(415, `unsupported content type ${JSON.stringify(mediaType || '(none)')}; send application/x-protobuf or application/json (OTLP/HTTP)`);
    }
    let key;
    try {
      key = await findActiveApiKey(db, token);
    } catch (error) {
      return unavailable(error, fail);
    }
    if (key === undefined) return fail(401, 'unknown or revoked API key');

    let body: Buffer;
    try {
      body = await readBody(req, maxTraceBytes);
      const contentEncoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (contentEncoding === 'gzip') body = await gunzipAsync(body, { maxOutputLength: maxTraceBytes });
      else if (contentEncoding !== 'identity') return fail(415, `unsupported content encoding ${JSON.stringify(contentEncoding)}; send gzip or no encoding`);
    } catch (error) {
      if (error instanceof BodyTooLargeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        res.setHeader('connection', 'close');
        return fail(413, `request body is larger than ${maxTraceBytes / 1024 / 1024} MB (after decompression); export smaller batches`);
      }
      if ((error as { code?: string }).code?.startsWith('Z_') === true) return fail(400, `body is not valid gzip: ${(error as Error).message}`);
      throw error;
    }

    let spans;
    try {
      spans = encoding === 'protobuf' ? readProtobufSpans(body) : readSpans(parseJson(body));
    } catch (error) {
      if (error instanceof UndecodableError) return fail(400, error.message);
      throw error;
    }
    if (spans.length > maxTraceSpans) return fail(413, `a request may hold at most ${maxTraceSpans.toLocaleString('en-US')} spans; this one holds ${spans.length.toLocaleString('en-US')}`);
    if (spans.length === 0) return sendExportResponse(res, encoding);

    const wait = limiter.take(key.id, key.ratePerSecond ?? options.defaultRatePerKey, spans.length, maxTraceSpans);
    if (wait > 0) return fail(429, `rate limit for key "${key.name}" exceeded; retry in ${wait} s`, { 'retry-after': String(wait) });

    const mapping = mapSpans(spans, options);
    const rows: EventRow[] = [];
    const rejected = [...mapping.skipped];
    const now = new Date();
    const spanOfRow: (typeof mapping.mapped)[number]['span'][] = [];
    const droppedScores = [...mapping.droppedScores];
    const validation = { storeMessageText: options.storeMessageText, now, retentionDays: options.retentionDays ?? 0 };
    for (const { span, events, scores } of mapping.mapped) {
      const checked = events.map((e) => validateEvent(e, validation));
      const problem = checked.find((c) => 'problem' in c);
      if (problem && 'problem' in problem) {
        rejected.push({ span, reason: `${problem.problem.path}: ${problem.problem.message}` });
        continue;
      }
      for (const c of checked) {
        if (!('row' in c)) continue;
        rows.push(c.row);
        spanOfRow.push(span);
      }
      // An evaluation that is not a valid score is dropped alone: the span's turn and calls still count.
      for (const score of scores) {
        const c = validateEvent(score, validation);
        if ('problem' in c) droppedScores.push({ span, reason: `gen_ai.evaluation.result (${String(score.name)}): ${c.problem.path}: ${c.problem.message}` });
        else {
          rows.push(c.row);
          spanOfRow.push(span);
        }
      }
    }

    if (rows.length > 0) {
      try {
        const stored = await storeEvents(db, rows, { maxNewPartitions: maxNewPartitionsPerRequest });
        const refusedSpans = new Set(stored.refused.map((r) => spanOfRow[r.index]));
        for (const span of refusedSpans) if (span !== undefined) rejected.push({ span, reason: `timestamp: ${stored.refused[0]?.message ?? 'refused'}` });
      } catch (error) {
        return unavailable(error, fail);
      }
    }
    const message = describeDrops(rejected, mapping.ignored, spans.length, droppedScores);
    sendExportResponse(res, encoding, message === undefined ? undefined : { rejectedSpans: rejected.length, errorMessage: message });
  };

  function unavailable(error: unknown, fail: (status: number, message: string, headers?: Record<string, string>) => void): void {
    if (!isDatabaseUnavailable(error)) throw error;
    logger.warn('database unreachable; answering 503 to a trace export', { error });
    fail(503, 'the database is unreachable; nothing from this export was stored — retry later', { 'retry-after': retryAfterSeconds });
  }

  return { method: 'POST', path: '/v1/traces', handler };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new UndecodableError(`body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * "rejected 2 of 10 spans: 2 × no conversation key (…); ignored 3 spans that are not GenAI spans;
 * dropped 1 evaluation event: span 4: …", or nothing to say.
 */
export function describeDrops(rejected: readonly { reason: string }[], ignored: number, total: number, droppedScores: readonly { span: number; reason: string }[] = []): string | undefined {
  const parts: string[] = [];
  if (rejected.length > 0) {
    const counts = new Map<string, number>();
    for (const r of rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
    parts.push(`rejected ${rejected.length} of ${total} spans: ${[...counts].map(([reason, n]) => `${n} × ${reason}`).join('; ')}`);
  }
  if (ignored > 0) parts.push(`ignored ${ignored} span${ignored === 1 ? '' : 's'} that ${ignored === 1 ? 'is' : 'are'} not GenAI (no gen_ai.operation.name or model)`);
  if (droppedScores.length > 0) {
    const n = droppedScores.length;
    parts.push(`dropped ${n} evaluation event${n === 1 ? '' : 's'} (the rest of ${n === 1 ? 'its span was' : 'their spans were'} kept): ${droppedScores.slice(0, 10).map((d) => `span ${d.span}: ${d.reason}`).join('; ')}${n > 10 ? `; and ${n - 10} more` : ''}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}
