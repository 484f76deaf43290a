import type { DeliveryResult } from '../chat/deliver.ts';
import type { AttemptRecord } from './store/deliveries.ts';

/** Attempts per destination before a transient failure (429, 5xx, network) counts as final. */
export const maxDeliveryAttempts = 5;

const minuteMs = 60_000;
const longestWaitMs = 30 * minuteMs;

/**
 * How long to wait after the `attempts`-th failed attempt: 1, 2, 4, 8 minutes (the scheduler
 * ticks every minute), or longer when the platform asked (Retry-After), at most 30 minutes.
 * Deliverers already retry briefly on their own; this is the slower, crash-proof layer.
 */
export function retryDelayMs(attempts: number, retryAfterSeconds?: number): number {
  const backoff = minuteMs * 2 ** Math.max(0, attempts - 1);
  return Math.min(longestWaitMs, Math.max(backoff, (retryAfterSeconds ?? 0) * 1000));
}

/** What one attempt's result means for the delivery row (`attempts` counts this one). */
export function attemptOutcome(result: DeliveryResult, attempts: number, now: Date): AttemptRecord {
  if (result.ok) return { state: 'delivered', attempts, messageId: result.messageId };
  switch (result.kind) {
    case 'gone':
      return { state: 'gone', attempts, reason: result.reason };
    case 'failed':
      return { state: 'failed', attempts, reason: result.reason };
    case 'transient':
      if (attempts >= maxDeliveryAttempts) return { state: 'failed', attempts, reason: `gave up after ${attempts} attempts: ${result.reason}` };
      return { state: 'pending', attempts, reason: result.reason, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, result.retryAfterSeconds)) };
  }
}
