import type { AnyEvent, EventOf, EventType } from '../events/contract.ts';

export type { AnyEvent, EventOf, EventType };

/** Fields the client fills when the caller leaves them out: the id, the time, the bot. */
type Filled = 'id' | 'timestamp' | 'botId';

type Trackable<T extends EventType> = Omit<EventOf<T>, Filled> & {
  /** Unique per event (the idempotency key); a random UUID when left out. */
  id?: string;
  /** When it happened; now when left out. */
  timestamp?: string | Date;
  /** Defaults to the client's `botId`. */
  botId?: string;
};

/** What `track()` takes: any contract event, with `id`, `timestamp` and `botId` optional. */
export type TrackEvent = { [T in EventType]: Trackable<T> }[EventType];

/** An event as the client sends it (every required field filled). */
export type TrackedEvent = AnyEvent;

/** The optional fields a typed helper takes beside its positional ones (type-specific fields included). */
export type HelperFields<T extends EventType, Positional extends string = never> = Partial<Omit<Trackable<T>, 'type' | 'conversationId' | Positional>>;
