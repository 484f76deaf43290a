import type { DeliveryOptions, DeliveryResult, Deliverer } from '../../src/chat/deliver.ts';
import type { Destination, Platform } from '../../src/chat/destination.ts';
import type { Reply } from '../../src/replies/reply.ts';

export interface RecordedDelivery {
  destination: Destination;
  reply: Reply;
  options: DeliveryOptions | undefined;
  result: DeliveryResult;
}

/**
 * A Deliverer for tests of what digests and alerts post, without a chat platform: it records every
 * attempt and answers with scripted results (e.g. two 429s, then success; or "gone"). End-to-end
 * tests through Slack and Teams use their API stand-ins instead.
 */
export class RecordingDeliverer implements Deliverer {
  readonly deliveries: RecordedDelivery[] = [];
  private readonly script: DeliveryResult[] = [];
  private sequence = 0;

  constructor(readonly platform: Platform = 'slack') {}

  /** Answers the next attempts with these results, in order (then success again). */
  failNext(...results: DeliveryResult[]): void {
    this.script.push(...results);
  }

  deliver(destination: Destination, reply: Reply, options?: DeliveryOptions): Promise<DeliveryResult> {
    const result = this.script.shift() ?? { ok: true, messageId: `m${++this.sequence}` };
    this.deliveries.push({ destination, reply, options, result });
    return Promise.resolve(result);
  }

  /** The replies that were posted successfully. */
  delivered(): RecordedDelivery[] {
    return this.deliveries.filter((d) => d.result.ok);
  }
}
