import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/database.ts';
import { isDatabaseUnavailable } from '../errors.ts';
import { maxNewPartitionsPerRequest } from '../events/partitions.ts';
import { storeEvents } from '../events/store-events.ts';
import type { StoreResult } from '../events/store-events.ts';
import { describeRejection, validateEvent } from '../events/validate-events.ts';
import type { Rejection } from '../events/validate-events.ts';
import type { EventRow } from '../events/event-row.ts';
import { BodyTooLargeError, readBody } from '../http/read-body.ts';
import { sendError, sendJson } from '../http/respond.ts';
import type { Route } from '../http/router.ts';
import { findActiveApiKey, markApiKeyUsed } from '../keys/api-keys.ts';
import type { Logger } from '../log.ts';
import type { SelfMetrics } from '../monitoring/self-metrics.ts';
import { AuthFailureThrottle } from './auth-failure-throttle.ts';
import { BatchError, maxBatchBytes, maxBatchEvents, parseBatch } from './parse-batch.ts';
import { EventRateLimiter } from './rate-limiter.ts';

export interface IngestOptions {
  db: Database;
  logger: Logger;
  storeMessageText: boolean;
  /** Events per second per key unless the key has its own rate. */
  defaultRatePerKey: number;
  /** How many rejections a response lists (all are counted). */
  maxListedErrors?: number;
  /** Events older than this many days are refused; 0 or absent: any age since 2000. */
  retentionDays?: number;
  /** How long one request may wait on the database before it answers 503 (default: the database's own timeout). */
  timeoutMs?: number;
  /** Counts events and refusals (`GET /metrics`). */
  metrics?: SelfMetrics;
  /** Requests without a valid key, per client address (tests pass their own). */
  authThrottle?: AuthFailureThrottle;
}

const retryAfterSeconds = '5';

/** `POST /v1/events`: the ingest API (docs/api.md). */
export function ingestRoute(options: IngestOptions): Route {
  const limiter = new EventRateLimiter();
  const throttle = options.authThrottle ?? new AuthFailureThrottle();
  const lastMarked = new Map<number, number>();
  const { logger, metrics } = options;
  // Ingest gives up sooner than answers do: a client retries a 503, a person waits for an answer.
  const db = options.timeoutMs !== undefined ? (options.db.withTimeout?.(options.timeoutMs) ?? options.db) : options.db;
  const refuse = (res: ServerResponse, reason: string, status: number, message: string, headers: Record<string, string> = {}) => {
    metrics?.ingestRequestsRefused.inc({ reason });
    sendError(res, status, message, headers);
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = throttle.check(address, token);
    if (wait > 0) {
      res.setHeader('connection', 'close');
      return refuse(res, 'auth_throttled', 429, `too many requests without a valid API key from ${address}; retry in ${wait} s`, { 'retry-after': String(wait) });
    }
    if (token === undefined) {
      throttle.failed(address);
      return refuse(res, 'missing_key', 401, 'missing API key: send "Authorization: Bearer <key>" (create one with `botwatch keys create <name>`)');
    }

    let key;
    try {
      key = await findActiveApiKey(db, token);
    } catch (error) {
      return unavailable(res, error);
    }
    if (key === undefined) {
      throttle.failed(address);
      return refuse(res, 'unknown_key', 401, 'unknown or revoked API key');
    }
    throttle.succeeded(token);

    let body: Buffer;
    try {
      body = await readBody(req, maxBatchBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        return refuse(res, 'too_large', 413, `request body is larger than ${maxBatchBytes / 1024 / 1024} MB; split the batch`);
      }
      throw error;
    }

    let parsed;
    try {
      parsed = parseBatch(req.headers['content-type'], body);
    } catch (error) {
      if (error instanceof BatchError) return refuse(res, 'unreadable_batch', error.status, error.message);
      throw error;
    }

    const keyWait = limiter.take(key.id, key.ratePerSecond ?? options.defaultRatePerKey, parsed.candidates.length, maxBatchEvents);
    if (keyWait > 0) return refuse(res, 'rate_limited', 429, `rate limit for key "${key.name}" exceeded; retry in ${keyWait} s`, { 'retry-after': String(keyWait) });

    const unreadable = new Map(parsed.unreadable.map((r) => [r.index, r]));
    const rows: EventRow[] = [];
    const rowIndex: number[] = [];
    const rejected: Rejection[] = [];
    const now = new Date();
    parsed.candidates.forEach((candidate, index) => {
      const early = unreadable.get(index);
      if (early !== undefined) return rejected.push(early);
      const result = validateEvent(candidate, { storeMessageText: options.storeMessageText, now, retentionDays: options.retentionDays ?? 0 });
      if ('row' in result) {
        rows.push(result.row);
        rowIndex.push(index);
      } else rejected.push({ index, ...result.problem });
    });

    let stored: StoreResult = { accepted: 0, duplicate: 0, refused: [] };
    if (rows.length > 0) {
      try {
        stored = await storeEvents(db, rows, { maxNewPartitions: maxNewPartitionsPerRequest });
      } catch (error) {
        return unavailable(res, error);
      }
    }
    if (stored.refused.length > 0) {
      for (const r of stored.refused) rejected.push({ index: rowIndex[r.index] ?? r.index, path: 'timestamp', message: r.message });
      rejected.sort((a, b) => a.index - b.index);
    }
    markUsed(key.id);
    metrics?.ingestEvents.inc({ outcome: 'accepted' }, stored.accepted);
    metrics?.ingestEvents.inc({ outcome: 'duplicate' }, stored.duplicate);
    metrics?.ingestEvents.inc({ outcome: 'rejected' }, rejected.length);
    const unreadableCount = rejected.filter((r) => unreadable.has(r.index)).length;
    metrics?.ingestRejected.inc({ reason: 'unreadable' }, unreadableCount);
    metrics?.ingestRejected.inc({ reason: 'invalid' }, rejected.length - unreadableCount);

    const limit = options.maxListedErrors ?? 100;
    const body200 = {
      accepted: stored.accepted,
      duplicate: stored.duplicate,
      rejected: rejected.length,
      errors: rejected.slice(0, limit).map((r) => ({ index: r.index, path: r.path, error: describeRejection(r) })),
      ...(rejected.length > limit ? { errorsOmitted: rejected.length - limit } : {}),
    };
    sendJson(res, rows.length > stored.refused.length ? 200 : 400, body200);
  };

  function unavailable(res: ServerResponse, error: unknown): void {
    if (!isDatabaseUnavailable(error)) throw error;
    logger.warn('database unreachable; answering 503', { error });
    refuse(res, 'database_unreachable', 503, 'the database is unreachable; nothing from this request was stored — retry later', { 'retry-after': retryAfterSeconds });
  }

  function markUsed(id: number): void {
    const now = Date.now();
    if ((lastMarked.get(id) ?? 0) > now - 60_000) return;
    lastMarked.set(id, now);
    markApiKeyUsed(db, id).catch((error: unknown) => logger.debug('could not record key use', { error }));
  }

  const timed = async (req: IncomingMessage, res: ServerResponse) => {
    const stopTimer = metrics?.ingestDuration.startTimer();
    if (stopTimer) res.once('finish', () => stopTimer({ status: String(res.statusCode) }));
    await handler(req, res);
  };
  return { method: 'POST', path: '/v1/events', handler: timed };
}
