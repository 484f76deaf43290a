import { webApi } from '@slack/bolt';

/** What went wrong with a Slack call, in the terms a Deliverer reports (src/chat/deliver.ts). */
export interface SlackFailure {
  /** `gone`: the channel no longer takes botwatch; `transient`: try later; `failed`: a bad request. */
  kind: 'gone' | 'transient' | 'failed';
  /** Slack's error code (`not_in_channel`, `ratelimited`…), or `http_503`, `network`. */
  code: string;
  /** Seconds Slack asked to wait (429 Retry-After). */
  retryAfterSeconds?: number;
}

/** The channel cannot take botwatch's messages: the bot was removed or never invited, the channel archived, the app uninstalled. */
const goneCodes = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'account_inactive', 'token_revoked']);
/** Slack's own trouble: worth trying again later. */
const transientCodes = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** A Slack call that failed, with its method (for the log) and its classified failure. */
export class SlackCallError extends Error {
  override readonly name = 'SlackCallError';
  constructor(
    readonly method: string,
    readonly failure: SlackFailure,
    options: { cause?: unknown } = {},
  ) {
    super(`Slack ${method} failed: ${failure.code}`, options);
  }
}

/** The bytes could not be posted to the upload URL Slack gave (not a Web API method, so no SDK error). */
export class UploadHttpError extends Error {
  override readonly name = 'UploadHttpError';
  constructor(readonly status: number) {
    super(`the file upload URL answered HTTP ${status}`);
  }
}

/** Classifies what a Web API call (or the upload POST) threw. */
export function classifySlackError(error: unknown): SlackFailure {
  if (error instanceof SlackCallError) return error.failure;
  if (error instanceof webApi.WebAPIRateLimitedError) return { kind: 'transient', code: 'ratelimited', retryAfterSeconds: error.retryAfter };
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    return { kind: goneCodes.has(code) ? 'gone' : transientCodes.has(code) ? 'transient' : 'failed', code };
  }
  if (error instanceof webApi.WebAPIHTTPError) return { kind: error.statusCode >= 500 ? 'transient' : 'failed', code: `http_${error.statusCode}` };
  if (error instanceof UploadHttpError) return { kind: error.status >= 500 || error.status === 429 ? 'transient' : 'failed', code: `http_${error.status}` };
  if (error instanceof webApi.WebAPIRequestError) return { kind: 'transient', code: 'network' };
  if (error instanceof TypeError && error.message === 'fetch failed') return { kind: 'transient', code: 'network' };
  return { kind: 'failed', code: error instanceof Error ? error.name : 'unknown' };
}

/** Slack's extra detail on a refused call (`invalid_blocks` lists what is wrong), for the log. */
export function slackErrorDetail(error: unknown): string[] {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof webApi.WebAPIPlatformError) {
      const detail = (e.data as { errors?: unknown }).errors;
      return Array.isArray(detail) ? detail.map(String) : [];
    }
  }
  return [];
}
