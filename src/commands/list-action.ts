import type { ActionHandler } from '../chat/actions.ts';
import type { Asker } from '../chat/destination.ts';
import { metricCohorts } from '../metrics/drill-down/fates.ts';
import type { Action, Reply } from '../replies/reply.ts';
import type { Scope } from './command.ts';
import { formatCommand } from './format-command.ts';
import { parseCommand } from './parse-command.ts';

/**
 * "Show conversations" under a rate: a button whose value is the drill-down command listing the
 * conversations the figure was taken over (`list … metric:<id>`). Undefined for metrics that are
 * not a share of conversations.
 */
export function showConversationsAction(metricId: string, scope: Scope): Action | undefined {
  if (metricCohorts[metricId] === undefined) return undefined;
  return { id: 'drilldown.list', label: 'Show conversations', value: formatCommand({ name: 'list', scope, metric: metricId }) };
}

/**
 * Runs a pressed "Show conversations" button: its value must be a `list` command (a crafted value
 * cannot run anything else), answered to the person who pressed it.
 */
export function listActionHandler(answer: (text: string, asker: Asker) => Promise<Reply>): ActionHandler {
  return async (action, asker) => {
    if (parseCommand(action.value).name !== 'list') {
      return { reply: { kind: 'error', title: 'That button could not be read.', figures: [], notes: [`Expected a list command, got "${action.value.slice(0, 40)}".`] } };
    }
    return { reply: await answer(action.value, asker) };
  };
}
