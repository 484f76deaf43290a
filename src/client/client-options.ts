import type { BotwatchClientError } from './client-error.ts';
import type { PostTarget } from './post-batch.ts';

export interface BotwatchClientOptions {
  /** botwatch's base URL, e.g. `https://botwatch.example.com` (events go to `<url>/v1/events`). */
  url: string;
  /** An ingest key (`botwatch keys create <name>`). */
  apiKey: string;
  /** The bot every event belongs to unless the event names another. */
  botId: string;
  /** Set on every event that does not carry its own (`botVersion`, `channel`). */
  botVersion?: string;
  channel?: string;
  /** Events per request (default 100, at most 5,000: the server's limit). */
  batchSize?: number;
  /** Longest time an event waits in the buffer before it is sent (default 1,000 ms). */
  flushIntervalMs?: number;
  /** Events kept while botwatch is slow or unreachable; when full the oldest is dropped (default 10,000). */
  maxBuffer?: number;
  /** First retry delay when the server gives no `Retry-After` (default 500 ms; doubles up to `maxRetryDelayMs`). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How long one request may take before it is abandoned and retried (default 10,000 ms). */
  requestTimeoutMs?: number;
  /** Called with every error; never with the API key. Errors never reach the caller of `track()`. */
  onError?: (error: BotwatchClientError) => void;
  /** The `fetch` to use (default: Node's own). */
  fetch?: typeof fetch;
}

/** What the client has done so far (`stats()`). */
export interface ClientStats {
  /** Events given to `track()` (and the helpers) and accepted into the buffer. */
  tracked: number;
  /** Stored by botwatch; `duplicate` were already there (a retry of a batch that had arrived). */
  accepted: number;
  duplicate: number;
  /** Refused by botwatch's validation (each reported to `onError` with its event). */
  rejected: number;
  /** Dropped because the buffer was full (oldest first). */
  dropped: number;
  /** Given up on: a final error answer, or still unsent when `close()`'s time ran out. */
  failed: number;
  /** Requests sent again after 429/503/network errors. */
  retries: number;
  /** Errors reported to `onError`. */
  errors: number;
  /** Events waiting in the buffer or in the request on the way. */
  pending: number;
}


const maxServerBatch = 5_000;

/** The client's settings after checking: defaults filled in, every number within its range. */
export interface ClientSettings {
  batchSize: number;
  flushIntervalMs: number;
  maxBuffer: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  onError: ((error: BotwatchClientError) => void) | undefined;
  defaults: { botId: string; botVersion?: string; channel?: string };
  target: PostTarget;
}

/** Checks the options a caller gave, naming the first one that is wrong (a `TypeError`). */
export function clientSettings(options: BotwatchClientOptions): ClientSettings {
  if (!/^https?:\/\//i.test(options.url)) throw new TypeError(`BotwatchClient: url must be an http(s) URL, got ${JSON.stringify(options.url)}`);
  if (typeof options.apiKey !== 'string' || options.apiKey === '') throw new TypeError('BotwatchClient: apiKey is required (create one with `botwatch keys create <name>`)');
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(options.botId)) throw new TypeError(`BotwatchClient: botId must be lowercase letters, digits, _ and - (at most 64), got ${JSON.stringify(options.botId)}`);
  const retryDelayMs = whole('retryDelayMs', options.retryDelayMs ?? 500, 1, 3_600_000);
  return {
    batchSize: whole('batchSize', options.batchSize ?? 100, 1, maxServerBatch),
    flushIntervalMs: whole('flushIntervalMs', options.flushIntervalMs ?? 1_000, 1, 3_600_000),
    maxBuffer: whole('maxBuffer', options.maxBuffer ?? 10_000, 1, 10_000_000),
    retryDelayMs,
    maxRetryDelayMs: whole('maxRetryDelayMs', options.maxRetryDelayMs ?? 30_000, retryDelayMs, 3_600_000),
    onError: options.onError,
    defaults: { botId: options.botId, ...(options.botVersion === undefined ? {} : { botVersion: options.botVersion }), ...(options.channel === undefined ? {} : { channel: options.channel }) },
    target: {
      endpoint: `${options.url.replace(/\/+$/, '')}/v1/events`,
      apiKey: options.apiKey,
      timeoutMs: whole('requestTimeoutMs', options.requestTimeoutMs ?? 10_000, 1, 3_600_000),
      fetch: options.fetch ?? globalThis.fetch,
    },
  };
}

function whole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new TypeError(`BotwatchClient: ${name} must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}
