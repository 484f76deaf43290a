import { commandUsage } from '../../commands/usage.ts';
import type { Reply } from '../../replies/reply.ts';

/** An error reply for a digest command: what is wrong, then the usage. */
export function digestMistake(message: string): Reply {
  return { kind: 'error', title: message, figures: [], notes: [], text: commandUsage.digest };
}

/** A short confirmation or explanation. */
export function digestInfo(title: string, text?: string, notes: string[] = []): Reply {
  return { kind: 'info', title, figures: [], notes, ...(text !== undefined ? { text } : {}) };
}
