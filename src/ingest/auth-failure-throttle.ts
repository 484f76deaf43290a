import { createHash } from 'node:crypto';

/**
 * Throttles ingest requests without a valid API key, per client address, before any database
 * look-up: each address may fail `burst` times, then once per `1000 / perSecond` ms. Keys that
 * were valid recently pass regardless (a proxy's address shared with a misbehaving client does
 * not lock out good clients), and are still looked up, so a revoked key stops at once.
 */
export class AuthFailureThrottle {
  private readonly failures = new Map<string, { tokens: number; at: number }>();
  private readonly goodKeys = new Map<string, number>();

  constructor(
    private readonly options: { burst: number; perSecond: number; rememberGoodKeysMs: number; maxTracked: number } = { burst: 30, perSecond: 1, rememberGoodKeysMs: 10 * 60_000, maxTracked: 10_000 },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** 0 when the request may look its key up, else the seconds the address must wait. */
  check(address: string, token: string | undefined): number {
    if (token !== undefined && (this.goodKeys.get(digest(token)) ?? -Infinity) > this.now()) return 0;
    const bucket = this.refill(address);
    return bucket.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond));
  }

  /** A request from `address` had no valid key. */
  failed(address: string): void {
    const bucket = this.refill(address);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    this.failures.set(address, bucket);
    if (this.failures.size > this.options.maxTracked) this.forgetFull();
  }

  /** `token` is a valid key: requests carrying it skip the throttle for a while. */
  succeeded(token: string): void {
    this.goodKeys.set(digest(token), this.now() + this.options.rememberGoodKeysMs);
    if (this.goodKeys.size > this.options.maxTracked) {
      const t = this.now();
      for (const [key, until] of this.goodKeys) if (until <= t) this.goodKeys.delete(key);
      if (this.goodKeys.size > this.options.maxTracked) this.goodKeys.clear();
    }
  }

  private refill(address: string): { tokens: number; at: number } {
    const t = this.now();
    const bucket = this.failures.get(address) ?? { tokens: this.options.burst, at: t };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((t - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = t;
    return bucket;
  }

  /** Addresses whose bucket has refilled need no entry. */
  private forgetFull(): void {
    for (const [address] of this.failures) {
      if (this.refill(address).tokens >= this.options.burst) this.failures.delete(address);
    }
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
