import type { BotwatchServices } from '../app/services.ts';
import type { DeliveryOptions, DeliveryResult, Deliverer } from '../chat/deliver.ts';
import type { Destination } from '../chat/destination.ts';
import type { Reply } from '../replies/reply.ts';
import type { ConsoleFeed } from './console-feed.ts';
import { publishReplyChart } from './publish-reply-chart.ts';

/** The console's one channel: where its commands come from and digests and alerts can go. */
export const localDestination: Destination = { platform: 'console', channelId: 'local', name: 'console' };

/**
 * Posts digests and alerts to the local console: the message joins the feed (kept for reloads)
 * and reaches every open console at once over server-sent events. Threads (`inReplyTo`) are
 * shown as replies to the earlier message.
 */
export class ConsoleDeliverer implements Deliverer {
  readonly platform = 'console' as const;

  constructor(
    private readonly feed: ConsoleFeed,
    private readonly services: BotwatchServices,
  ) {}

  async deliver(destination: Destination, reply: Reply, options?: DeliveryOptions): Promise<DeliveryResult> {
    if (destination.platform !== 'console' || destination.channelId !== localDestination.channelId) {
      return { ok: false, kind: 'gone', reason: `the console has one channel, "${localDestination.channelId}"; there is no "${destination.channelId}"` };
    }
    const chart = await publishReplyChart(this.services, reply);
    const entry = this.feed.post({ author: 'botwatch', origin: 'delivery', reply, ...chart, ...(options?.inReplyTo !== undefined ? { inReplyTo: options.inReplyTo } : {}) });
    return { ok: true, messageId: entry.id };
  }
}
