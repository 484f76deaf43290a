import type { Middleware, TurnContext } from 'botbuilder';
import type { SelfMetrics } from '../../monitoring/self-metrics.ts';
import { connectorFailure, failureKind } from './delivery-retry.ts';

/**
 * Adapter middleware counting every call botwatch makes to the Bot Connector (replies, typing,
 * proactive posts, card updates) and those that failed, for `/metrics`.
 */
export function countConnectorCalls(metrics: Pick<SelfMetrics, 'chatApiCalls' | 'chatApiFailures'>): Middleware {
  const counted = async <T>(method: string, call: () => Promise<T>): Promise<T> => {
    metrics.chatApiCalls.inc({ platform: 'teams', method });
    try {
      return await call();
    } catch (error) {
      metrics.chatApiFailures.inc({ platform: 'teams', method, kind: failureKind(connectorFailure(error)) });
      throw error;
    }
  };
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      context.onSendActivities((_ctx, activities, send) => counted(activities.every((a) => a.type === 'typing') ? 'typing' : 'sendActivity', send));
      context.onUpdateActivity((_ctx, _activity, update) => counted('updateActivity', update));
      await next();
    },
  };
}
