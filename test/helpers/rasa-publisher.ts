import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';

const run = promisify(execFile);

/** The machine's RabbitMQ (the default guest account only logs in from localhost). */
export const rabbitHost = '127.0.0.1';
export const rabbitPort = 5672;
export const rabbitUrl = (port = rabbitPort) => `amqp://guest:guest@${rabbitHost}:${port}/`;

/**
 * Publishes tracker events as Rasa's Pika event broker does: a fanout exchange with the queue
 * declared durable and bound to it, one persistent JSON message per event with the tracker's
 * `sender_id` added in front. Each test gets its own exchange and queue.
 */
export class RasaPublisher {
  readonly queue = `rasa_test_${randomBytes(4).toString('hex')}`;
  readonly exchange = `rasa-exchange-test-${randomBytes(4).toString('hex')}`;
  private connection?: ChannelModel;
  private channel?: Channel;

  async open(): Promise<void> {
    this.connection = await amqp.connect(rabbitUrl());
    this.channel = await this.connection.createChannel();
    await this.channel.assertExchange(this.exchange, 'fanout', { durable: false });
    await this.channel.assertQueue(this.queue, { durable: true });
    await this.channel.bindQueue(this.queue, this.exchange, '');
  }

  /** One message per event, `{"sender_id": …, …event}`. */
  publishEvents(senderId: string, events: readonly Record<string, unknown>[]): void {
    for (const event of events) this.publishRaw(JSON.stringify({ sender_id: senderId, ...event }));
  }

  /** One message per line of a `rasa export` file (each already carries its sender_id). */
  publishLines(lines: readonly string[]): void {
    for (const line of lines) if (line.trim() !== '') this.publishRaw(line);
  }

  publishRaw(body: string): void {
    this.requireChannel().publish(this.exchange, '', Buffer.from(body), { persistent: true });
  }

  /** Messages ready in the queue (not counting those delivered and not yet acknowledged). */
  async readyCount(): Promise<number> {
    return (await this.requireChannel().checkQueue(this.queue)).messageCount;
  }

  async close(): Promise<void> {
    await this.channel?.deleteQueue(this.queue).catch(() => undefined);
    await this.channel?.deleteExchange(this.exchange).catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }

  private requireChannel(): Channel {
    if (this.channel === undefined) throw new Error('open() the publisher first');
    return this.channel;
  }
}

/** RabbitMQ's process id of a client's connection, found by the name the client gave it. */
export async function connectionPid(connectionName: string): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '--quiet', '--no-table-headers'], { timeout: 30_000 });
  const line = stdout.split('\n').find((l) => l.includes(`{"connection_name","${connectionName}"}`));
  if (line === undefined) throw new Error(`no RabbitMQ connection named ${connectionName}`);
  return line.split('\t')[0] ?? '';
}

/** Closes a client's connection from RabbitMQ's side, as an operator or a broker shutting down would. */
export async function closeConnectionFromBroker(pid: string): Promise<void> {
  await run('rabbitmqctl', ['close_connection', pid, 'closed by the test'], { timeout: 30_000 });
}

/** Polls until `check` holds (or fails with `what` after `timeoutMs`). */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
