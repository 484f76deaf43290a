import { z } from 'zod';
import type { Action } from '../../replies/reply.ts';

/** Every button id a Reply may carry (typed, so a new one cannot be forgotten here). */
const knownActions: Record<Action['id'], true> = { 'alert.acknowledge': true, 'alert.mute': true, 'drilldown.list': true };

const isKnownAction = (id: string): id is Action['id'] => Object.hasOwn(knownActions, id);

const submitData = z.object({ action: z.string().min(1), value: z.string() });

export type CardSubmission = { known: true; action: Pick<Action, 'id' | 'value'> } | { known: false; actionId: string };

/**
 * The button pressed, when a message is an Adaptive Card `Action.Submit`: Teams posts the button's
 * `data` ({ action, value }, as the card renderer wrote it) as the message's `value`. Undefined for
 * ordinary messages.
 */
export function cardSubmission(value: unknown): CardSubmission | undefined {
  const parsed = submitData.safeParse(value);
  if (!parsed.success) return undefined;
  const { action, value: actionValue } = parsed.data;
  return isKnownAction(action) ? { known: true, action: { id: action, value: actionValue } } : { known: false, actionId: action };
}
