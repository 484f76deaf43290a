import type { Channel, ConsumeMessage } from 'amqplib';

interface Delivery {
  message: ConsumeMessage;
  settled: boolean;
}

/**
 * The messages one channel delivered and has not acknowledged yet, in delivery order. A message is
 * acknowledged once it is settled (its events committed): a settled run at the head goes in one
 * `ack(…, allUpTo)`, a settled message behind one still waiting goes on its own. Once the channel
 * is gone its messages are redelivered to the next one, so nothing is acknowledged through it.
 */
export class AckWindow {
  private waiting: Delivery[] = [];
  private readonly byTag = new Map<number, Delivery>();
  private closed = false;

  constructor(private readonly channel: Channel) {}

  add(message: ConsumeMessage): void {
    if (this.closed) return;
    const delivery = { message, settled: false };
    this.waiting.push(delivery);
    this.byTag.set(message.fields.deliveryTag, delivery);
  }

  settle(message: ConsumeMessage): void {
    const delivery = this.byTag.get(message.fields.deliveryTag);
    if (delivery?.message === message) delivery.settled = true;
  }

  /** Acknowledges what is settled; returns how many messages that was. */
  acknowledge(): number {
    if (this.closed) return 0;
    try {
      return this.sendAcks();
    } catch {
      // The channel closed under us (amqplib throws "Channel closed"): RabbitMQ redelivers instead.
      this.close();
      return 0;
    }
  }

  private sendAcks(): number {
    let head = 0;
    while (this.waiting[head]?.settled === true) head++;
    const last = this.waiting[head - 1];
    if (last !== undefined) this.channel.ack(last.message, true);
    let acked = head;
    const still: Delivery[] = [];
    for (const [index, delivery] of this.waiting.entries()) {
      if (index >= head && !delivery.settled) {
        still.push(delivery);
        continue;
      }
      if (index >= head) {
        this.channel.ack(delivery.message);
        acked++;
      }
      this.byTag.delete(delivery.message.fields.deliveryTag);
    }
    this.waiting = still;
    return acked;
  }

  /** The channel closed: its unacknowledged messages go back to the queue. */
  close(): void {
    this.closed = true;
    this.waiting = [];
    this.byTag.clear();
  }

  get size(): number {
    return this.waiting.length;
  }
}
