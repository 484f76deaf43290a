import type { Reply } from '../replies/reply.ts';
import type { Destination, Platform } from './destination.ts';

/** What happened when a reply was posted. */
export type DeliveryResult =
  | {
      ok: true;
      /** Platform id of the posted message (Slack ts, Teams activity id) — threads and updates use it. */
      messageId: string;
    }
  | {
      ok: false;
      /**
       * `gone`: the destination no longer accepts botwatch (bot removed from the channel, app
       * uninstalled) — stop posting there. `transient`: rate limited, 5xx, network — worth retrying
       * later. `failed`: anything else (a bad request); retrying the same thing will not help.
       */
      kind: 'gone' | 'transient' | 'failed';
      reason: string;
      /** Seconds the platform asked to wait (429 Retry-After), when it said. */
      retryAfterSeconds?: number;
    };

export interface DeliveryOptions {
  /** Post as a reply in the thread of this earlier message (Slack ts / Teams activity id). */
  inReplyTo?: string;
}

/**
 * Posts replies to one platform. Digests and alerts use this, never a platform SDK. An
 * implementation retries briefly on its own (bounded); what it returns is final for this attempt.
 */
export interface Deliverer {
  platform: Platform;
  deliver(destination: Destination, reply: Reply, options?: DeliveryOptions): Promise<DeliveryResult>;
}

/** The deliverers a running botwatch has, by platform (only the configured ones). */
export type Deliverers = Partial<Record<Platform, Deliverer>>;
