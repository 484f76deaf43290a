/**
 * Token buckets, one per API key, counted in events. Per replica: with N replicas behind a load
 * balancer a key may reach N × its rate (documented in docs/api.md "Rate limits").
 */
export class EventRateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Takes `events` tokens from the key's bucket. Returns 0 when allowed, else the seconds to
   * wait before the batch would fit. The bucket holds two seconds of rate, and never less than
   * one maximum batch, so every legal batch can pass.
   */
  take(keyId: number, ratePerSecond: number, events: number, maxBatch: number): number {
    const capacity = Math.max(ratePerSecond * 2, maxBatch);
    const t = this.now();
    const bucket = this.buckets.get(keyId) ?? { tokens: capacity, at: t };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * ratePerSecond);
    bucket.at = t;
    this.buckets.set(keyId, bucket);
    if (bucket.tokens >= events) {
      bucket.tokens -= events;
      return 0;
    }
    return Math.max(1, Math.ceil((events - bucket.tokens) / ratePerSecond));
  }
}
