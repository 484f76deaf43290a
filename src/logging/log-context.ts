import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * The id of the HTTP request or chat command being handled, carried through every await so each
 * log line it causes names it, whichever module's logger writes the line.
 */
const current = new AsyncLocalStorage<Record<string, string>>();

/** A short random id for one request or command (12 hex digits). */
export function newLogId(): string {
  return randomBytes(6).toString('hex');
}

/** Runs `fn` with `fields` (e.g. `{ requestId }`) added to every log line written inside it. */
export function withLogContext<T>(fields: Record<string, string>, fn: () => T): T {
  return current.run({ ...current.getStore(), ...fields }, fn);
}

/** The ids of the work in progress here (empty outside any request or command). */
export function logContext(): Record<string, string> {
  return current.getStore() ?? {};
}
