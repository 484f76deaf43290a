import type { Reply } from '../replies/reply.ts';
import type { Action } from '../replies/reply.ts';
import type { Asker } from './destination.ts';

/**
 * A button press routed back from a platform: the Action's id and value as they were rendered,
 * and who pressed it. The module that owns the action id answers (alerts own `alert.*`).
 */
export type ActionHandler = (action: Pick<Action, 'id' | 'value'>, asker: Asker) => Promise<ActionOutcome>;

export interface ActionOutcome {
  /** Shown to the person who pressed (ephemeral in Slack, a reply in Teams). */
  reply: Reply;
  /** When the original message should change (e.g. "Acknowledged by Ana at 10:42"): its new form. */
  updatedMessage?: Reply;
}
