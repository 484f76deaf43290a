import amqp from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from '../../log.ts';
import { AckWindow } from './ack-window.ts';
import { describeBroker, safeErrorMessage } from './broker-url.ts';
import type { RasaStream } from './rasa-stream.ts';

export interface RasaConsumerOptions {
  /** amqp(s)://user:password@host:port/vhost — the password never reaches a log or a reply. */
  url: string;
  queue: string;
  stream: RasaStream;
  logger: Logger;
  /** Messages RabbitMQ may deliver before botwatch acknowledges them (one batch's worth; default 1000). */
  prefetch?: number;
  /** Shown in RabbitMQ's connection list (default `botwatch rasa <queue>`). */
  connectionName?: string;
  /** First and longest wait between connection attempts (default 0.5 s and 30 s). */
  retryDelayMs?: { first: number; longest: number };
}

/** Where the consumer stands, for `/readyz` and the log. */
export type ConsumerState = { state: 'connecting' | 'connected' | 'stopped' } | { state: 'reconnecting'; lastError: string };

/**
 * Consumes Rasa's queue: declares it as Rasa does (durable), asks for `prefetch` messages at a time
 * and hands them to the stream, which acknowledges them once stored. When the connection or channel
 * is lost (RabbitMQ restarting, a network cut) it reconnects with exponential backoff; messages not
 * yet acknowledged are redelivered by RabbitMQ.
 */
export class RasaConsumer {
  private current: ConsumerState = { state: 'connecting' };
  private connection: ChannelModel | undefined;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly log: Logger;

  constructor(private readonly options: RasaConsumerOptions) {
    this.log = options.logger.child({ broker: describeBroker(options.url), queue: options.queue });
  }

  get state(): ConsumerState {
    return this.current;
  }

  start(): void {
    void this.connect();
  }

  /** Stores what arrived, then closes the connection (anything unacknowledged goes back to the queue). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.options.stream.stop();
    this.current = { state: 'stopped' };
    // A connection whose peer vanished may never answer the close: stop waiting after a while.
    const closing = this.connection?.close().catch(() => undefined);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let connection: ChannelModel | undefined;
    try {
      const name = this.options.connectionName ?? `botwatch rasa ${this.options.queue}`;
      connection = await amqp.connect(this.options.url, { clientProperties: { connection_name: name } });
      this.connection = connection;
      const windows: AckWindow[] = [];
      const lost = once((reason: string) => {
        for (const window of windows) window.close();
        this.lost(connection, reason);
      });
      connection.on('error', (error: Error) => lost(safeErrorMessage(error, this.options.url)));
      connection.on('close', () => lost('the connection closed'));
      const channel = await connection.createChannel();
      channel.on('error', (error: Error) => lost(safeErrorMessage(error, this.options.url)));
      channel.on('close', () => lost('the channel closed'));
      windows.push(await this.consume(channel, lost));
      if (this.stopped) return void (await connection.close().catch(() => undefined));
      this.attempt = 0;
      this.current = { state: 'connected' };
      this.options.stream.setConnected(true);
      this.log.info('rasa consumer connected');
    } catch (error) {
      if (connection !== undefined && connection !== this.connection) return; // already reported as lost
      this.connection = undefined;
      await connection?.close().catch(() => undefined);
      this.retry(safeErrorMessage(error, this.options.url));
    }
  }

  private async consume(channel: Channel, lost: (reason: string) => void): Promise<AckWindow> {
    await channel.prefetch(this.options.prefetch ?? 1000);
    // Rasa declares its queues durable and binds them to its fanout exchange; the same declaration
    // here lets botwatch start first, and fails (PRECONDITION_FAILED) on a queue declared otherwise.
    await channel.assertQueue(this.options.queue, { durable: true });
    const window = new AckWindow(channel);
    await channel.consume(this.options.queue, (message) => {
      if (message === null) return lost('RabbitMQ cancelled the consumer (the queue was deleted?)');
      window.add(message);
      this.options.stream.receive(window, message);
    });
    return window;
  }

  private lost(connection: ChannelModel | undefined, reason: string): void {
    if (this.stopped || connection !== this.connection) return;
    this.options.stream.setConnected(false);
    this.connection = undefined;
    connection?.close().catch(() => undefined);
    this.retry(reason);
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    const { first, longest } = this.options.retryDelayMs ?? { first: 500, longest: 30_000 };
    const delayMs = Math.round(Math.min(longest, first * 2 ** this.attempt) * (0.8 + Math.random() * 0.4));
    this.attempt++;
    this.current = { state: 'reconnecting', lastError: reason };
    this.log.warn('rasa consumer reconnecting', { error: reason, attempt: this.attempt, retryInMs: delayMs });
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
  }
}

/** `fn` once; later calls do nothing (a lost connection reports both its error and its close). */
function once<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  let called = false;
  return (...args) => {
    if (called) return;
    called = true;
    fn(...args);
  };
}
