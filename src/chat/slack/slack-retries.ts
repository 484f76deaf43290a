import { SlackCallError, classifySlackError } from './slack-failure.ts';
import type { SlackFailure } from './slack-failure.ts';

/** How long one Slack call may keep retrying (rate limits, 5xx, network) before giving up. */
export interface RetryPolicy {
  /** Total time the retries may wait, ms. A Retry-After longer than what is left ends retrying. */
  budgetMs: number;
  maxAttempts: number;
  /** First wait after a 5xx/network failure; doubles each time. */
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told of every attempt and, when it failed, how (the `/metrics` counters). */
  onAttempt?: (method: string, failure?: SlackFailure) => void;
}

/**
 * Bounded: a chat answer is only useful soon, and a digest or alert retries later on its own
 * (the Deliverer contract), so a call never waits out Slack's long retry schedule.
 */
export const defaultRetryPolicy: RetryPolicy = { budgetMs: 10_000, maxAttempts: 4, baseDelayMs: 500 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one Slack call, retrying transient failures (honouring 429 Retry-After) within the policy.
 * Throws a {@link SlackCallError} carrying the classified failure when it gives up.
 */
export async function withSlackRetries<T>(method: string, call: () => Promise<T>, policy: RetryPolicy = defaultRetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await call();
      policy.onAttempt?.(method);
      return result;
    } catch (error) {
      const failure = classifySlackError(error);
      policy.onAttempt?.(method, failure);
      const wait = failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : policy.baseDelayMs * 2 ** (attempt - 1);
      if (failure.kind !== 'transient' || attempt >= policy.maxAttempts || waited + wait > policy.budgetMs) {
        throw new SlackCallError(method, failure, { cause: error });
      }
      waited += wait;
      await sleep(wait);
    }
  }
}
