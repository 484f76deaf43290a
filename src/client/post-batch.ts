import { retryAfterMs } from './retry-delay.ts';

/** What botwatch said about one event of a batch it refused (`/v1/events` answers `errors: [{ index, path, error }]`). */
export interface EventRejection {
  index: number;
  path: string;
  error: string;
}

/** The outcome of posting one batch. */
export type PostOutcome =
  | { kind: 'stored'; accepted: number; duplicate: number; rejections: EventRejection[]; unlisted: number }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'failed'; reason: string; status: number };

export interface PostTarget {
  endpoint: string;
  apiKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** Statuses worth sending the same batch again for: rate limit and temporary unavailability. */
const retryable = new Set([408, 429, 502, 503, 504]);

/**
 * Posts one batch (a JSON array) to `/v1/events` and classifies the answer. Network errors and
 * timeouts are retryable; a 4xx other than 408/429 is final (sending it again cannot help).
 */
export async function postBatch(target: PostTarget, body: string): Promise<PostOutcome> {
  let response: Response;
  let text: string;
  try {
    response = await target.fetch(target.endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    return { kind: 'retry', reason: networkReason(error) };
  }
  const answer = parseAnswer(text);
  if (response.status === 200 || (response.status === 400 && Array.isArray(answer.errors))) {
    const rejections = (Array.isArray(answer.errors) ? answer.errors : []).filter(isRejection);
    const rejected = typeof answer.rejected === 'number' ? answer.rejected : rejections.length;
    return { kind: 'stored', accepted: numberOr(answer.accepted), duplicate: numberOr(answer.duplicate), rejections, unlisted: Math.max(0, rejected - rejections.length) };
  }
  const reason = `botwatch answered ${response.status}${typeof answer.error === 'string' ? `: ${answer.error}` : ''}`;
  if (retryable.has(response.status) || response.status >= 500) {
    const wait = retryAfterMs(response.headers.get('retry-after'));
    return { kind: 'retry', reason, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  return { kind: 'failed', reason, status: response.status };
}

function parseAnswer(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const numberOr = (v: unknown) => (typeof v === 'number' ? v : 0);

function isRejection(v: unknown): v is EventRejection {
  const r = v as Partial<EventRejection> | null;
  return typeof r === 'object' && r !== null && typeof r.index === 'number' && typeof r.error === 'string';
}

function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'botwatch did not answer in time';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return `botwatch is unreachable (${cause})`;
}
