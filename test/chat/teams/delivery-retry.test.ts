import { describe, expect, it } from 'vitest';
import { connectorFailure, failureKind, sendWithRetries, teamsRetryPolicy } from '../../../src/chat/teams/delivery-retry.ts';

/** An error shaped like @azure/core-rest-pipeline's RestError, as the connector client throws it. */
function restError(statusCode: number, code?: string, retryAfter?: string): Error {
  return Object.assign(new Error(`status ${statusCode}`), {
    name: 'RestError',
    statusCode,
    ...(code ? { code } : {}),
    response: { headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } },
  });
}

/** `send` that fails with these errors, then answers `m1`. */
function failing(...errors: Error[]) {
  const calls: number[] = [];
  return {
    calls,
    send: () => {
      calls.push(calls.length + 1);
      const error = errors.shift();
      return error === undefined ? Promise.resolve('m1') : Promise.reject(error);
    },
  };
}

describe('what a Bot Connector failure means', () => {
  it('retries throttling, precondition failures, server errors and no response; stops on gone and bad requests', () => {
    const kinds = [412, 429, 500, 502, 503, 504, 501, 505, 400, 401, 413, 403, 404].map((status) => `${status}:${failureKind({ status, message: '' })}`);
    expect(kinds).toEqual(['412:retry', '429:retry', '500:retry', '502:retry', '503:retry', '504:retry', '501:failed', '505:failed', '400:failed', '401:failed', '413:failed', '403:gone', '404:gone']);
    expect(failureKind({ message: 'ECONNREFUSED' })).toBe('retry');
  });

  it('reads the status, the Bot Connector code and Retry-After from the error', () => {
    expect(connectorFailure(restError(429, 'ThrottledTooManyRequests', '7'))).toEqual({ status: 429, code: 'ThrottledTooManyRequests', message: 'status 429', retryAfterSeconds: 7 });
    expect(connectorFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }))).toEqual({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(connectorFailure('boom')).toEqual({ message: 'boom' });
  });
});

describe('sending with retries', () => {
  const record = () => {
    const waits: number[] = [];
    return { waits, sleep: (ms: number) => Promise.resolve(void waits.push(ms)) };
  };

  it('waits a random share of an exponentially growing delay before each retry', async () => {
    const { waits, sleep } = record();
    const { send, calls } = failing(restError(502), restError(504), restError(429));
    expect(await sendWithRetries(send, { sleep, random: () => 1 })).toEqual({ ok: true, messageId: 'm1' });
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(waits).toEqual([500, 1000, 2000]);

    const jittered = record();
    await sendWithRetries(failing(restError(502), restError(502)).send, { sleep: jittered.sleep, random: () => 0.25 });
    expect(jittered.waits).toEqual([125, 250]);
  });

  it('caps the delay', async () => {
    const { waits, sleep } = record();
    const policy = { ...teamsRetryPolicy, attempts: 8, baseDelayMs: 1000, maxDelayMs: 3000 };
    await sendWithRetries(failing(...Array.from({ length: 7 }, () => restError(502))).send, { sleep, random: () => 1, policy });
    expect(waits).toEqual([1000, 2000, 3000, 3000, 3000, 3000, 3000]);
  });

  it('waits at least what Retry-After asks', async () => {
    const { waits, sleep } = record();
    await sendWithRetries(failing(restError(429, undefined, '3')).send, { sleep, random: () => 0.5 });
    expect(waits).toEqual([3000]);
  });

  it('reports transient after the last try, with the last failure and its Retry-After', async () => {
    const { waits, sleep } = record();
    const { send, calls } = failing(restError(502), restError(502), restError(502), restError(429, 'ThrottledTooManyRequests', '2'));
    expect(await sendWithRetries(send, { sleep, random: () => 0 })).toEqual({ ok: false, kind: 'transient', reason: 'HTTP 429 ThrottledTooManyRequests: status 429 (after 4 tries)', retryAfterSeconds: 2 });
    expect(calls).toHaveLength(4);
    expect(waits).toHaveLength(3);
  });

  it('does not wait out a Retry-After longer than the policy allows', async () => {
    const { waits, sleep } = record();
    expect(await sendWithRetries(failing(restError(429, undefined, '600')).send, { sleep })).toMatchObject({ ok: false, kind: 'transient', retryAfterSeconds: 600 });
    expect(waits).toEqual([]);
  });

  it('returns gone and failed at once, and retries a network error', async () => {
    const { waits, sleep } = record();
    expect(await sendWithRetries(failing(restError(403, 'BotDisabledByAdmin')).send, { sleep })).toEqual({ ok: false, kind: 'gone', reason: 'HTTP 403 BotDisabledByAdmin: status 403' });
    expect(await sendWithRetries(failing(restError(413, 'MessageSizeTooBig')).send, { sleep })).toMatchObject({ ok: false, kind: 'failed' });
    expect(waits).toEqual([]);
    expect(await sendWithRetries(failing(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).send, { sleep })).toEqual({ ok: true, messageId: 'm1' });
    expect(waits).toHaveLength(1);
  });
});
