/**
 * `botwatch/client`: send a live bot's events to botwatch (docs/connect-your-bot.md).
 * Only Node's own `fetch`; the event types come from the contract the server validates with.
 */
export { BotwatchClient } from './botwatch-client.ts';
export type { BotwatchClientOptions, ClientStats } from './client-options.ts';
export { BotwatchClientError } from './client-error.ts';
export type { ClientErrorKind } from './client-error.ts';
export type { AnyEvent, EventOf, EventType, HelperFields, TrackEvent, TrackedEvent } from './event-types.ts';
