import type { TrackedEvent } from './event-types.ts';

/**
 * Why the client reports an error:
 * - `rejected`: botwatch refused one event (its `path` and the event say why and which);
 * - `dropped`: the buffer was full and the oldest event was dropped to make room;
 * - `failed`: a batch could not be stored and sending it again cannot help (bad key, bad request),
 *   or `close()` gave up on it;
 * - `unreachable`: botwatch cannot be reached or asked to wait; the batch is being retried
 *   (reported once per outage);
 * - `invalid`: `track()` was given something that is not an event.
 */
export type ClientErrorKind = 'rejected' | 'dropped' | 'failed' | 'unreachable' | 'invalid';

/** What `onError` receives. Never thrown into the caller. */
export class BotwatchClientError extends Error {
  override readonly name = 'BotwatchClientError';
  constructor(
    readonly kind: ClientErrorKind,
    message: string,
    readonly details: {
      /** The event concerned (`rejected`, `dropped`). */
      event?: TrackedEvent;
      /** Field path inside the event that botwatch refused, e.g. `score` (`rejected`). */
      path?: string;
      /** How many events the error concerns. */
      events?: number;
      /** HTTP status, where botwatch answered. */
      status?: number;
    } = {},
  ) {
    super(message);
  }

  get event(): TrackedEvent | undefined {
    return this.details.event;
  }

  get path(): string | undefined {
    return this.details.path;
  }
}
