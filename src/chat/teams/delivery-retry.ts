import { setTimeout as sleepFor } from 'node:timers/promises';
import type { DeliveryResult } from '../deliver.ts';

/** How hard a proactive post is retried before the result goes back to digests and alerts. */
export interface RetryPolicy {
  /** Tries in all (the first one included). */
  attempts: number;
  /** Backoff before retry n is a random wait up to baseDelayMs × 2ⁿ⁻¹ ("full jitter")… */
  baseDelayMs: number;
  /** …but never more than this. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for here: the post is reported `transient` at once. */
  maxRetryAfterMs: number;
}

/**
 * Teams' guidance: retry 412, 429, 502 and 504 with exponential backoff. Four tries take at most
 * about 0.5 + 1 + 2 s of waiting (or what Retry-After asks, up to 30 s).
 */
export const teamsRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

/** What went wrong with one request to the Bot Connector. */
export interface ConnectorFailure {
  /** HTTP status; undefined when no response came (network, token service). */
  status?: number;
  /** Bot Connector error code, e.g. `ConversationNotFound`, `BotNotInConversationRoster`. */
  code?: string;
  message: string;
  retryAfterSeconds?: number;
}

/** Reads a failure from what the connector client threw (a RestError from @azure/core-rest-pipeline, or a network error). */
export function connectorFailure(error: unknown): ConnectorFailure {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { statusCode?: unknown; code?: unknown; response?: { headers?: { get?: (name: string) => string | undefined } } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
  return {
    ...(status === undefined ? {} : { status }),
    ...(code === undefined ? {} : { code }),
    message: e.message,
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/**
 * `retry`: 412 (a concurrent update), 429 (throttled), 5xx except 501/505, and no response at all.
 * `gone`: 403 and 404 (bot removed or blocked, conversation deleted) — stop posting there.
 * `failed`: anything else (400 bad request, 401 credentials, 413 too large): the same again would fail.
 */
export function failureKind(failure: ConnectorFailure): 'retry' | 'gone' | 'failed' {
  const { status } = failure;
  if (status === undefined || status === 412 || status === 429 || (status >= 500 && status !== 501 && status !== 505)) return 'retry';
  if (status === 403 || status === 404) return 'gone';
  return 'failed';
}

function describe(failure: ConnectorFailure): string {
  const what = [failure.status === undefined ? 'no response' : `HTTP ${failure.status}`, failure.code].filter(Boolean).join(' ');
  return `${what}: ${failure.message}`;
}

export interface RetryOptions {
  policy?: RetryPolicy;
  /** Waits (tests pass one that records instead of sleeping). */
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
  /** Told about each failed try that will be retried. */
  onRetry?: (failure: ConnectorFailure, attempt: number, delayMs: number) => void;
}

/**
 * Posts with `send` (which returns the new message's id), retrying what is worth retrying with
 * exponential backoff and full jitter, honouring Retry-After, bounded by the policy. Never throws:
 * the result says what happened.
 */
export async function sendWithRetries(send: () => Promise<string>, options: RetryOptions = {}): Promise<DeliveryResult> {
  const policy = options.policy ?? teamsRetryPolicy;
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    let failure: ConnectorFailure;
    try {
      return { ok: true, messageId: await send() };
    } catch (error) {
      failure = connectorFailure(error);
    }
    const kind = failureKind(failure);
    if (kind !== 'retry') return { ok: false, kind, reason: describe(failure) };
    const retryAfterMs = failure.retryAfterSeconds === undefined ? undefined : failure.retryAfterSeconds * 1000;
    const retryAfter = failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds };
    if (attempt >= policy.attempts) return { ok: false, kind: 'transient', reason: `${describe(failure)} (after ${attempt} tries)`, ...retryAfter };
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return { ok: false, kind: 'transient', reason: `${describe(failure)} (asked to wait ${failure.retryAfterSeconds} s)`, ...retryAfter };
    const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const delayMs = Math.max(backoff, retryAfterMs ?? 0);
    options.onRetry?.(failure, attempt, delayMs);
    await sleep(delayMs);
  }
}
