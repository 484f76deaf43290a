import { createHash } from 'node:crypto';

/**
 * A contract event id derived only from the source record (the contract: the id is the
 * idempotency key), so importing the same export again stores nothing new. `parts` name the
 * record (conversation, activity id or position, which event of several it yields); a hash keeps
 * the id within the contract's 128 characters whatever the platform's ids look like.
 */
export function deterministicEventId(prefix: string, parts: readonly string[]): string {
  const digest = createHash('sha256').update(parts.join('\u001f')).digest('base64url');
  return `${prefix}-${digest.slice(0, 32)}`;
}
