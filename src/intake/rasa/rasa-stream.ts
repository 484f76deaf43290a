import { createHash } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import type { Database, Queryable } from '../../db/database.ts';
import type { EventRow } from '../../events/event-row.ts';
import { storeEvents } from '../../events/store-events.ts';
import { validateEvent } from '../../events/validate-events.ts';
import { BoundedMap } from '../../import/platform/bounded-map.ts';
import { RasaEventMapper } from '../../import/rasa/map-rasa-events.ts';
import { parseSenderEvent } from '../../import/rasa/sender-event.ts';
import type { SourceRecord } from '../../import/source-record.ts';
import type { Logger } from '../../log.ts';
import type { AckWindow } from './ack-window.ts';
import { retryWhileDatabaseFails } from './retry-while-database-fails.ts';
import { saveSenderStates } from './sender-states.ts';
import type { StoredSender } from './sender-states.ts';
import { StoredSenders } from './stored-senders.ts';

export interface RasaStreamOptions {
  db: Database;
  logger: Logger;
  botId: string;
  handoffActions?: readonly string[];
  storeMessageText: boolean;
  /** How long the queue must stay quiet before an `utter_*` action with no `bot` event counts as the message (default 1 s). */
  utteranceWaitMs?: number;
}

/** What the stream has consumed since botwatch started. */
export interface RasaStreamCounts {
  /** Messages delivered, redeliveries included. */
  messages: number;
  /** Redelivered messages whose events were already mapped (acknowledged, not mapped again). */
  redelivered: number;
  /** Contract events newly stored. */
  stored: number;
  /** Contract events already stored (the same ids came again). */
  duplicate: number;
  /** Rasa events and messages that store nothing, by reason (`action "action_listen" (not a metric)` → 3). */
  skipped: number;
  skippedBy: Record<string, number>;
  /** Of those, messages and events that could not be read or mapped (logged one by one). */
  unreadable: number;
}

/** One message as mapped: settled (acknowledged through every channel that delivered it) once its events are stored. */
interface MappedMessage {
  position: string;
  /** The body's sha-256 (base64url): how a redelivery is recognised. */
  fingerprint: string;
  senderId?: string;
  settled: boolean;
  deliveries: [AckWindow, ConsumeMessage][];
}

/**
 * Maps messages of Rasa's Pika event broker (one tracker event with its `sender_id` each) with the
 * Rasa importer's mapping, stores their events in batches and acknowledges a message only once its
 * events are committed. A redelivered message that was already mapped is recognised by its body and
 * not mapped again, so the per-sender state (sessions, answer latency) stays exact and ids repeat.
 * That state is stored with the events (table `rasa_sender_state`) and read back for a sender the
 * stream holds none for, so a conversation continues exactly after a restart; a message the stored
 * state already includes, delivered again because botwatch was killed before RabbitMQ had its
 * acknowledgement, is recognised too.
 */
export class RasaStream {
  readonly counts: RasaStreamCounts = { messages: 0, redelivered: 0, stored: 0, duplicate: 0, skipped: 0, skippedBy: {}, unreadable: 0 };
  private readonly mapper: RasaEventMapper;
  private readonly recent = new BoundedMap<string, MappedMessage>(50_000);
  /** Mapped messages whose events are not stored yet: an utterance waiting for its `bot` event. */
  private readonly unsettled = new Map<string, MappedMessage>();
  private readonly senders: StoredSenders;
  private buffer: [AckWindow, ConsumeMessage][] = [];
  private sequence = 0;
  private running: Promise<void> | undefined;
  private stopping = false;
  private readonly utteranceWaitMs: number;
  /** When the last message arrived, while connected; undefined while disconnected. */
  private quietSince: number | undefined;
  private readonly idleTimer: NodeJS.Timeout;

  constructor(private readonly options: RasaStreamOptions) {
    this.mapper = new RasaEventMapper({
      botId: options.botId,
      ...(options.handoffActions === undefined ? {} : { handoffActions: options.handoffActions }),
      onForget: (senderId, state) => this.senders.forget(senderId, state),
    });
    this.senders = new StoredSenders(options, () => this.stopping);
    this.utteranceWaitMs = options.utteranceWaitMs ?? 1000;
    this.idleTimer = setInterval(() => this.schedule(), Math.max(50, this.utteranceWaitMs / 2));
    this.idleTimer.unref();
  }

  /** A message as it arrives; it is mapped and stored with the others that arrive meanwhile. */
  receive(window: AckWindow, message: ConsumeMessage): void {
    if (this.stopping) return;
    this.quietSince = Date.now();
    this.buffer.push([window, message]);
    this.schedule();
  }

  /**
   * The consumer is connected (or not). An utterance's `bot` event may still be in the queue while
   * disconnected, so waiting utterances are written out only after the queue stayed quiet while
   * connected.
   */
  setConnected(connected: boolean): void {
    this.quietSince = connected ? Date.now() : undefined;
  }

  /** Messages delivered but not yet acknowledged (waiting in the buffer or for an utterance's `bot` event). */
  get inFlight(): number {
    return this.buffer.length + this.unsettled.size;
  }

  /** Stores what has arrived and stops; what is not stored stays unacknowledged and is redelivered. */
  async stop(): Promise<void> {
    clearInterval(this.idleTimer);
    this.stopping = true;
    await this.running;
  }

  private schedule(): void {
    if (this.running === undefined && this.buffer.length === 0 && this.unsettled.size === 0) return;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      if (this.buffer.length > 0 && !this.stopping) this.schedule();
    });
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer;
      this.buffer = [];
      const outcome = await this.mapBatch(batch);
      // Stopping while the states could not be read: nothing is mapped or acknowledged.
      if (outcome === undefined) return;
      await this.commit(outcome);
    }
    // RabbitMQ delivers what the queue holds at once (up to the prefetch), so a connection quiet
    // this long means no `bot` event is coming for the utterances still waiting.
    const quiet = this.quietSince !== undefined && Date.now() - this.quietSince >= this.utteranceWaitMs;
    if (quiet && this.unsettled.size > 0) await this.commit(this.flushWaiting([...this.unsettled.values()]));
  }

  private async mapBatch(batch: readonly [AckWindow, ConsumeMessage][]): Promise<Outcome | undefined> {
    const read = batch.map(([window, message]) => ({ window, message, event: parseSenderEvent(message.content.toString('utf8')) }));
    const stored = await this.senders.load(read.flatMap((r) => ('senderId' in r.event ? [r.event.senderId] : [])), this.mapper);
    if (stored === undefined) return undefined;
    const outcome: Outcome = { rows: [], done: new Set(), states: new Map() };
    const touched = new Set<string>();
    for (const { window, message, event } of read) {
      this.counts.messages++;
      const fingerprint = createHash('sha256').update(message.content).digest('base64url');
      const known = message.fields.redelivered ? this.recent.get(fingerprint) : undefined;
      if (known !== undefined) {
        this.counts.redelivered++;
        known.deliveries.push([window, message]);
        if (known.settled) outcome.done.add(known);
        continue;
      }
      const senderId = 'senderId' in event ? event.senderId : undefined;
      const mapped: MappedMessage = { position: `message ${++this.sequence}`, fingerprint, settled: false, deliveries: [[window, message]], ...(senderId === undefined ? {} : { senderId }) };
      this.recent.set(fingerprint, mapped);
      if (message.fields.redelivered && senderId !== undefined && this.senders.alreadyStored(senderId, fingerprint)) {
        // Stored by a botwatch killed before RabbitMQ had the acknowledgement: in the sender's state already.
        this.counts.redelivered++;
        outcome.done.add(mapped);
        continue;
      }
      this.unsettled.set(mapped.position, mapped);
      if ('problem' in event) {
        this.take({ position: mapped.position, problem: event.problem }, outcome);
        continue;
      }
      touched.add(event.senderId);
      this.senders.seed(this.mapper, event.senderId, stored);
      for (const record of this.mapper.map(event.senderId, event.event, mapped.position)) this.take(record, outcome);
    }
    outcome.states = this.senders.toStore(this.mapper, touched, outcome.done);
    return outcome;
  }

  /** Utterances that waited long enough for a `bot` event count as the bot's message. */
  private flushWaiting(stale: readonly MappedMessage[]): Outcome {
    const outcome: Outcome = { rows: [], done: new Set(stale), states: new Map() };
    const senders = new Set(stale.flatMap((m) => (m.senderId === undefined ? [] : [m.senderId])));
    for (const record of this.mapper.flushWaiting(senders)) this.take(record, outcome);
    outcome.states = this.senders.toStore(this.mapper, senders, outcome.done);
    return outcome;
  }

  private take(record: SourceRecord, outcome: Outcome): void {
    const mapped = this.unsettled.get(record.position);
    if (mapped !== undefined) outcome.done.add(mapped);
    let problem: string | undefined;
    if ('problem' in record) problem = record.problem;
    else if ('skipped' in record) this.skip(record.skipped);
    else {
      const result = validateEvent(record.candidate, { storeMessageText: this.options.storeMessageText });
      if ('row' in result) outcome.rows.push(result.row);
      else problem = `${result.problem.path ? `${result.problem.path}: ` : ''}${result.problem.message}`;
    }
    if (problem === undefined) return;
    this.counts.unreadable++;
    this.skip(problem);
    const sender = mapped?.senderId;
    this.options.logger.warn('rasa message skipped', { reason: problem, ...(sender === undefined ? {} : { sender }) });
  }

  private skip(reason: string): void {
    this.counts.skipped++;
    this.counts.skippedBy[reason] = (this.counts.skippedBy[reason] ?? 0) + 1;
  }

  /**
   * Stores the events with the senders' states in one transaction, then acknowledges every message
   * whose events they were. Until it commits, neither is stored; a retry stores the same rows and
   * states, and when botwatch stops instead, the messages are redelivered to a stream that reads
   * the states as they were before them.
   */
  private async commit({ rows, done, states }: Outcome): Promise<void> {
    if (rows.length > 0 || states.size > 0) {
      const { db, botId, logger } = this.options;
      const save = (tx: Queryable) => saveSenderStates(tx, botId, states);
      const stored = await retryWhileDatabaseFails(() => storeEvents(db, rows, { alsoInTransaction: save }), 'could not store rasa events; retrying', logger, () => this.stopping);
      if (stored === undefined) return;
      this.counts.stored += stored.accepted;
      this.counts.duplicate += stored.duplicate;
    }
    const windows = new Set<AckWindow>();
    for (const mapped of done) {
      mapped.settled = true;
      this.unsettled.delete(mapped.position);
      for (const [window, message] of mapped.deliveries.splice(0)) {
        window.settle(message);
        windows.add(window);
      }
    }
    for (const window of windows) window.acknowledge();
    // Acknowledging opens the prefetch window again: the quiet time starts now, not at the last delivery.
    if (this.quietSince !== undefined) this.quietSince = Date.now();
  }
}

/** A batch's events to store and the messages they settle. */
interface Outcome {
  rows: EventRow[];
  done: Set<MappedMessage>;
  /** Senders' states as of the messages settled (stored in the same transaction as the rows). */
  states: Map<string, StoredSender>;
}
