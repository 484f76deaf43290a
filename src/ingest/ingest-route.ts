import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/database.ts';
import { isDatabaseUnavailable } from '../errors.ts';
import { storeEvents } from '../events/store-events.ts';
import { describeRejection, validateEvent } from '../events/validate-events.ts';
import type { Rejection } from '../events/validate-events.ts';
import type { EventRow } from '../events/event-row.ts';
import { BodyTooLargeError, readBody } from '../http/read-body.ts';
import { sendError, sendJson } from '../http/respond.ts';
import type { Route } from '../http/router.ts';
import { findActiveApiKey, markApiKeyUsed } from '../keys/api-keys.ts';
import type { Logger } from '../log.ts';
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
}

const retryAfterSeconds = '5';

/** `POST /v1/events`: the ingest API (docs/api.md). */
export function ingestRoute(options: IngestOptions): Route {
  const limiter = new EventRateLimiter();
  const lastMarked = new Map<number, number>();
  const { db, logger } = options;

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) return sendError(res, 401, 'missing API key: send "Authorization: Bearer <key>" (create one with `botwatch keys create <name>`)');

    let key;
    try {
      key = await findActiveApiKey(db, token);
    } catch (error) {
      return unavailable(res, error);
    }
    if (key === undefined) return sendError(res, 401, 'unknown or revoked API key');

    let body: Buffer;
    try {
      body = await readBody(req, maxBatchBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        return sendError(res, 413, `request body is larger than ${maxBatchBytes / 1024 / 1024} MB; split the batch`);
      }
      throw error;
    }

    let parsed;
    try {
      parsed = parseBatch(req.headers['content-type'], body);
    } catch (error) {
      if (error instanceof BatchError) return sendError(res, error.status, error.message);
      throw error;
    }

    const wait = limiter.take(key.id, key.ratePerSecond ?? options.defaultRatePerKey, parsed.candidates.length, maxBatchEvents);
    if (wait > 0) return sendError(res, 429, `rate limit for key "${key.name}" exceeded; retry in ${wait} s`, { 'retry-after': String(wait) });

    const unreadable = new Map(parsed.unreadable.map((r) => [r.index, r]));
    const rows: EventRow[] = [];
    const rejected: Rejection[] = [];
    const now = new Date();
    parsed.candidates.forEach((candidate, index) => {
      const early = unreadable.get(index);
      if (early !== undefined) return rejected.push(early);
      const result = validateEvent(candidate, { storeMessageText: options.storeMessageText, now });
      if ('row' in result) rows.push(result.row);
      else rejected.push({ index, ...result.problem });
    });

    let stored = { accepted: 0, duplicate: 0 };
    if (rows.length > 0) {
      try {
        stored = await storeEvents(db, rows);
      } catch (error) {
        return unavailable(res, error);
      }
    }
    markUsed(key.id);

    const limit = options.maxListedErrors ?? 100;
    const body200 = {
      accepted: stored.accepted,
      duplicate: stored.duplicate,
      rejected: rejected.length,
      errors: rejected.slice(0, limit).map((r) => ({ index: r.index, path: r.path, error: describeRejection(r) })),
      ...(rejected.length > limit ? { errorsOmitted: rejected.length - limit } : {}),
    };
    sendJson(res, rows.length > 0 ? 200 : 400, body200);
  };

  function unavailable(res: ServerResponse, error: unknown): void {
    if (!isDatabaseUnavailable(error)) throw error;
    logger.warn('database unreachable; answering 503', { error });
    sendError(res, 503, 'the database is unreachable; nothing from this request was stored — retry later', { 'retry-after': retryAfterSeconds });
  }

  function markUsed(id: number): void {
    const now = Date.now();
    if ((lastMarked.get(id) ?? 0) > now - 60_000) return;
    lastMarked.set(id, now);
    markApiKeyUsed(db, id).catch((error: unknown) => logger.debug('could not record key use', { error }));
  }

  return { method: 'POST', path: '/v1/events', handler };
}
