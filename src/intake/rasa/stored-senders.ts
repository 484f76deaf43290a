import type { Database } from '../../db/database.ts';
import { BoundedMap } from '../../import/platform/bounded-map.ts';
import type { RasaEventMapper } from '../../import/rasa/map-rasa-events.ts';
import type { RasaSenderState } from '../../import/rasa/sender-state.ts';
import type { Logger } from '../../log.ts';
import { retryWhileDatabaseFails } from './retry-while-database-fails.ts';
import { loadSenderStates } from './sender-states.ts';
import type { StoredSender } from './sender-states.ts';

/** A message as far as its sender's stored state is concerned. */
export interface SettledMessage {
  senderId?: string;
  fingerprint: string;
}

/**
 * The stream's side of `rasa_sender_state`: reads the states of senders the mapping holds none for
 * and seeds the mapping with them, and gathers the states to store with a batch's events.
 */
export class StoredSenders {
  /** States of senders the mapping forgot since the last batch (still to be stored). */
  private readonly forgotten = new Map<string, RasaSenderState>();
  /** Messages the stored states already include, of senders read since botwatch started. */
  private readonly storedMessages = new BoundedMap<string, Set<string>>(10_000);

  constructor(
    private readonly options: { db: Database; botId: string; logger: Logger },
    private readonly stopping: () => boolean,
  ) {}

  /** The mapping forgot a sender: its state is stored with the next batch. */
  forget(senderId: string, state: RasaSenderState): void {
    this.forgotten.set(senderId, state);
  }

  /**
   * The stored states of these senders that the mapping holds none for (after a restart, or once it
   * forgot them): one query, whatever their number. Undefined when botwatch stops before the
   * database answers.
   */
  async load(senders: Iterable<string>, mapper: RasaEventMapper): Promise<Map<string, RasaSenderState> | undefined> {
    const unknown = [...new Set(senders)].filter((s) => !mapper.knows(s) && !this.forgotten.has(s));
    if (unknown.length === 0) return new Map();
    const { db, botId, logger } = this.options;
    const loaded = await retryWhileDatabaseFails(() => loadSenderStates(db, botId, unknown), 'could not read rasa sender states; retrying', logger, this.stopping);
    if (loaded === undefined) return undefined;
    for (const sender of loaded.unreadable) logger.warn('rasa sender state unreadable; the sender starts afresh', { sender });
    const states = new Map<string, RasaSenderState>();
    for (const [sender, { state, messages }] of loaded.states) {
      states.set(sender, state);
      if (messages.length > 0) this.storedMessages.set(sender, new Set(messages));
    }
    return states;
  }

  /** Gives the mapping the sender's state, when it holds none: forgotten meanwhile, or as `load` read it. */
  seed(mapper: RasaEventMapper, senderId: string, loaded: ReadonlyMap<string, RasaSenderState>): void {
    if (mapper.knows(senderId)) return;
    const saved = this.forgotten.get(senderId) ?? loaded.get(senderId);
    if (saved !== undefined) mapper.remember(senderId, saved);
  }

  /**
   * True when a redelivered message is already in its sender's stored state: the batch that stored
   * it committed, but botwatch was killed before RabbitMQ had the acknowledgement.
   */
  alreadyStored(senderId: string, fingerprint: string): boolean {
    return this.storedMessages.get(senderId)?.has(fingerprint) === true;
  }

  /**
   * The states to store with a batch's events: of the senders it touched and of those forgotten
   * meanwhile, each with the messages of that sender the batch settles.
   */
  toStore(mapper: RasaEventMapper, senders: Iterable<string>, settled: Iterable<SettledMessage>): Map<string, StoredSender> {
    const states = new Map<string, RasaSenderState>();
    for (const sender of senders) {
      const state = mapper.stateOf(sender) ?? this.forgotten.get(sender);
      if (state !== undefined) states.set(sender, state);
    }
    for (const [sender, state] of this.forgotten) if (!states.has(sender)) states.set(sender, state);
    this.forgotten.clear();
    const messages = new Map<string, string[]>();
    for (const { senderId, fingerprint } of settled) {
      if (senderId === undefined) continue;
      const list = messages.get(senderId);
      if (list === undefined) messages.set(senderId, [fingerprint]);
      else list.push(fingerprint);
    }
    return new Map([...states].map(([sender, state]) => [sender, { state, messages: messages.get(sender) ?? [] }]));
  }
}
