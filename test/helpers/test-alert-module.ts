import type { ModuleFactory } from '../../src/app/module.ts';
import type { ActionHandler } from '../../src/chat/actions.ts';
import { consoleAsker } from '../../src/console/console-api.ts';
import { localDestination } from '../../src/console/console-deliverer.ts';
import type { Reply } from '../../src/replies/reply.ts';

/**
 * Stands in for the alerts module (built in parallel) in console tests: it posts an alert with
 * Acknowledge and Mute buttons to the console channel when botwatch starts, and handles those
 * buttons through the real action routing (`services.handleAction`). The alert's figures and
 * chart are a real answer about the data (`handoff … 24h`), dressed as an alert.
 */
export function testAlertModule(options: { bot: string }): ModuleFactory {
  return (services) => {
    let alert: Reply | undefined;
    const acknowledge: ActionHandler = (action, asker) => {
      if (alert === undefined) throw new Error('no alert was posted');
      return Promise.resolve({
        reply: { kind: 'info', title: `You acknowledged alert ${action.value}.`, figures: [], notes: [] },
        updatedMessage: { ...alert, title: `${alert.title} — acknowledged`, notes: [...alert.notes, `Acknowledged by ${asker.userId}.`], actions: [] },
      });
    };
    const mute: ActionHandler = (action) =>
      Promise.resolve({ reply: { kind: 'info', title: `Alert ${action.value} muted for 1 hour.`, figures: [], notes: [] }, ...(alert ? { updatedMessage: { ...alert, notes: [...alert.notes, 'Muted for 1 hour.'], actions: [] } } : {}) });
    return {
      name: 'test-alerts',
      actions: { 'alert.acknowledge': acknowledge, 'alert.mute': mute },
      async start() {
        const answer = await services.answer(`handoff ${options.bot} 24h by:hour`, consoleAsker);
        alert = {
          ...answer,
          kind: 'alert',
          title: `Hand-off rate is high — ${options.bot}`,
          actions: [
            { id: 'alert.acknowledge', label: 'Acknowledge', value: 'rule-1', style: 'primary' },
            { id: 'alert.mute', label: 'Mute 1 h', value: 'rule-1' },
          ],
        };
        const delivered = await services.deliverers.console?.deliver(localDestination, alert);
        if (delivered?.ok !== true) throw new Error(`the test alert was not delivered: ${JSON.stringify(delivered)}`);
      },
    };
  };
}
