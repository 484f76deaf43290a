import { randomUUID } from 'node:crypto';
import { BotwatchClientError } from './client-error.ts';
import { EventBuffer } from './event-buffer.ts';
import type { EventType, HelperFields, TrackEvent, TrackedEvent } from './event-types.ts';
import { clientSettings } from './client-options.ts';
import type { BotwatchClientOptions, ClientStats } from './client-options.ts';
import { postBatch } from './post-batch.ts';
import type { PostTarget } from './post-batch.ts';
import { backoffMs } from './retry-delay.ts';
import { EventSenders } from './typed-helpers.ts';

/**
 * Sends contract events to botwatch from a running bot: `track()` only buffers (it never waits and
 * never throws); a background sender posts batches when `batchSize` events are waiting or
 * `flushIntervalMs` has passed, one request at a time, and retries 429, 503 and network errors with
 * backoff, following `Retry-After`. Events carry ids, so a batch sent twice is stored once.
 * Call `await close()` on shutdown: the timers do not keep the process alive.
 */
export class BotwatchClient extends EventSenders {
  /** The bot events belong to unless they name another. */
  readonly botId: string;
  private readonly buffer: EventBuffer<TrackedEvent>;
  private readonly target: PostTarget;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly onError: ((error: BotwatchClientError) => void) | undefined;
  private readonly defaults: { botId: string; botVersion?: string; channel?: string };
  private readonly counts: Omit<ClientStats, 'pending'> = { tracked: 0, accepted: 0, duplicate: 0, rejected: 0, dropped: 0, failed: 0, retries: 0, errors: 0 };
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  /** Send a partial batch too (the interval passed, or someone waits in `flush()`). */
  private drain = false;
  /** Callers waiting in `flush()`/`close()`: retry waits then keep the process alive. */
  private waiting = 0;
  private closed = false;
  private kickPending = false;
  /** `close()` ran out of time: stop retrying and count what is left as failed. */
  private givingUp = false;
  private outageReported = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private endRetryWait: (() => void) | undefined;

  constructor(options: BotwatchClientOptions) {
    super();
    const settings = clientSettings(options);
    this.botId = options.botId;
    this.batchSize = settings.batchSize;
    this.flushIntervalMs = settings.flushIntervalMs;
    this.buffer = new EventBuffer(settings.maxBuffer);
    this.retryDelayMs = settings.retryDelayMs;
    this.maxRetryDelayMs = settings.maxRetryDelayMs;
    this.onError = settings.onError;
    this.defaults = settings.defaults;
    this.target = settings.target;
  }

  /**
   * Queues one event; returns at once. Fills `id` (a random UUID), `timestamp` (now) and `botId`
   * (the client's) when left out. Never throws: problems go to `onError`.
   */
  track(event: TrackEvent): void {
    try {
      if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
        this.report(new BotwatchClientError('invalid', 'track() needs an event object with a type'));
        return;
      }
      if (this.closed) {
        this.counts.dropped++;
        this.report(new BotwatchClientError('dropped', `event ${event.type} tracked after close(); not sent`, { events: 1 }));
        return;
      }
      // Object.assign rather than spreads: this is the caller's path, and it is measurably cheaper.
      const full = Object.assign({}, this.defaults, event) as Record<string, unknown>;
      if (full.id === undefined) full.id = randomUUID();
      const at = full.timestamp;
      full.timestamp = at instanceof Date ? at.toISOString() : (at ?? new Date().toISOString());
      this.counts.tracked++;
      const dropped = this.buffer.push(full as TrackedEvent);
      if (dropped !== undefined) {
        this.counts.dropped++;
        this.report(new BotwatchClientError('dropped', `buffer full (${this.buffer.capacity} events): dropped the oldest, ${dropped.type} ${dropped.id}`, { event: dropped, events: 1 }));
      }
      this.schedule();
    } catch (error) {
      this.report(new BotwatchClientError('invalid', `track() could not queue the event: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  /** Sends everything tracked so far; resolves when it is stored or given up on. Never rejects. */
  async flush(): Promise<void> {
    this.waiting++;
    try {
      // What was queued to be tracked on this turn of the event loop (the middleware's activities) comes too.
      await nextLoopTurn();
      while (this.buffer.length > 0 || this.sending !== undefined) {
        this.drain = true;
        this.retryTimer?.ref();
        this.kick();
        await this.sending;
      }
    } finally {
      this.waiting--;
    }
  }

  /**
   * Stops accepting events, sends what is left and resolves with the final stats. After
   * `timeoutMs` (default 10 s) it stops retrying and counts what is unsent as failed.
   */
  async close(options: { timeoutMs?: number } = {}): Promise<ClientStats> {
    await nextLoopTurn();
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = setTimeout(() => {
      this.givingUp = true;
      this.endRetryWait?.();
    }, options.timeoutMs ?? 10_000);
    try {
      await this.flush();
    } finally {
      clearTimeout(deadline);
    }
    return this.stats();
  }

  stats(): ClientStats {
    return { ...this.counts, pending: this.buffer.length + this.inFlight };
  }

  protected override emit<T extends EventType>(type: T, conversationId: string, fields: HelperFields<T, string> | undefined): void {
    const event = Object.assign({}, fields) as Record<string, unknown>;
    event.type = type;
    event.conversationId = conversationId;
    this.track(event as TrackEvent);
  }

  /**
   * Starts sending when a batch is full (on the next turn of the event loop, so serialising the
   * batch never happens inside `track()`); otherwise makes sure the interval will send what waits.
   */
  private schedule(): void {
    if (this.buffer.length >= this.batchSize) {
      if (this.sending === undefined && !this.kickPending) {
        this.kickPending = true;
        setImmediate(() => {
          this.kickPending = false;
          this.kick();
        });
      }
    } else if (this.timer === undefined && this.sending === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain = true;
        this.kick();
      }, this.flushIntervalMs);
      this.timer.unref();
    }
  }

  private kick(): void {
    if (this.sending !== undefined) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.sending = this.sendWaiting().finally(() => {
      this.sending = undefined;
      if (this.buffer.length > 0 && !this.closed) this.schedule();
    });
  }

  /** Sends full batches, and the partial last one when draining, one request at a time. */
  private async sendWaiting(): Promise<void> {
    while (this.buffer.length >= this.batchSize || (this.drain && this.buffer.length > 0)) {
      const batch = this.buffer.take(this.batchSize);
      this.inFlight = batch.length;
      try {
        await this.deliver(batch);
      } finally {
        this.inFlight = 0;
      }
    }
    if (this.buffer.length === 0) this.drain = false;
  }

  private async deliver(batch: TrackedEvent[]): Promise<void> {
    const body = JSON.stringify(batch);
    for (let attempt = 0; ; attempt++) {
      const outcome = await postBatch(this.target, body);
      if (outcome.kind === 'stored') {
        this.outageReported = false;
        this.counts.accepted += outcome.accepted;
        this.counts.duplicate += outcome.duplicate;
        this.counts.rejected += outcome.rejections.length + outcome.unlisted;
        for (const r of outcome.rejections) {
          const event = batch[r.index];
          this.report(new BotwatchClientError('rejected', `botwatch rejected ${event === undefined ? 'an event' : `${event.type} ${event.id}`}: ${r.error}`, { ...(event === undefined ? {} : { event }), path: r.path, events: 1 }));
        }
        if (outcome.unlisted > 0) this.report(new BotwatchClientError('rejected', `botwatch rejected ${outcome.unlisted} more events of the batch without listing them`, { events: outcome.unlisted }));
        return;
      }
      if (outcome.kind === 'failed') {
        this.counts.failed += batch.length;
        this.report(new BotwatchClientError('failed', `${batch.length} events not stored: ${outcome.reason}`, { events: batch.length, status: outcome.status }));
        return;
      }
      if (!this.outageReported) {
        this.outageReported = true;
        this.report(new BotwatchClientError('unreachable', `${outcome.reason}; retrying (events are kept, up to ${this.buffer.capacity} in the buffer)`, { events: batch.length }));
      }
      if (this.givingUp) return this.giveUp(batch, outcome.reason);
      await this.wait(outcome.retryAfterMs ?? backoffMs(attempt, this.retryDelayMs, this.maxRetryDelayMs));
      if (this.givingUp) return this.giveUp(batch, outcome.reason);
      this.counts.retries++;
    }
  }

  private giveUp(batch: TrackedEvent[], reason: string): void {
    const left = batch.length + this.buffer.length;
    this.buffer.take(this.buffer.length);
    this.counts.failed += left;
    this.report(new BotwatchClientError('failed', `close() ran out of time: ${left} events not sent (${reason})`, { events: left }));
  }

  /** Sleeps before a retry; the timer keeps the process alive only while someone waits in `flush()`/`close()`. */
  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(finish, ms);
      if (this.waiting === 0) timer.unref();
      this.retryTimer = timer;
      this.endRetryWait = finish;
      function finish() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.retryTimer = undefined;
      this.endRetryWait = undefined;
    });
  }

  private report(error: BotwatchClientError): void {
    this.counts.errors++;
    try {
      this.onError?.(error);
    } catch {
      // The caller's own handler failed: the error is counted, and the bot's code path stays clear.
    }
  }
}

const nextLoopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
