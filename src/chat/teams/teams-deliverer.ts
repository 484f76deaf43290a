import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { BotwatchServices } from '../../app/services.ts';
import type { Logger } from '../../log.ts';
import type { Reply } from '../../replies/reply.ts';
import type { DeliveryOptions, DeliveryResult, Deliverer } from '../deliver.ts';
import type { Destination } from '../destination.ts';
import { baseConversationId } from './conversation-of-activity.ts';
import { findTeamsConversation } from './conversation-store.ts';
import type { TeamsConversation } from './conversation-store.ts';
import { sendWithRetries } from './delivery-retry.ts';
import type { RetryPolicy } from './delivery-retry.ts';
import { replyActivity } from './reply-activity.ts';

export interface TeamsDelivererOptions {
  adapter: CloudAdapter;
  /** MicrosoftAppId ('' without authentication). */
  appId: string;
  services: BotwatchServices;
  retry?: RetryPolicy;
}

/**
 * The connector client runs @azure/core-rest-pipeline's default retry policy (three retries of 5xx
 * from 1 s, any Retry-After). Proactive posts have their own bounded policy (delivery-retry.ts), so
 * the SDK's is taken out of that turn's client: one policy, one bound. The pipeline is not public
 * API; if it is not found, the SDK's retries simply stay (and the test of the request count fails).
 */
function withoutSdkRetries(context: TurnContext, logger: Logger): void {
  const client: unknown = context.turnState.get(context.adapter.ConnectorClientKey);
  const pipeline = (client as { client?: { pipeline?: { removePolicy?: (policy: { name: string }) => unknown } } } | undefined)?.client?.pipeline;
  if (typeof pipeline?.removePolicy === 'function') pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  else logger.warn('Teams connector client has no pipeline to take the SDK retry policy out of; its retries add to botwatch\'s');
}

/**
 * Where a thread reply goes. In a channel a thread is its own conversation,
 * `<channel>;messageid=<first message>` (Teams' documented way to reply in a thread
 * proactively); in chats there are no threads, and the reply just points at the message.
 */
function target(conversation: TeamsConversation, inReplyTo: string | undefined): { conversationId: string; replyToId?: string } {
  if (inReplyTo === undefined) return { conversationId: conversation.conversationId };
  if (conversation.conversationType === 'channel') return { conversationId: `${conversation.conversationId};messageid=${inReplyTo}` };
  return { conversationId: conversation.conversationId, replyToId: inReplyTo };
}

/**
 * Posts replies to Teams conversations botwatch is installed in (digests, alerts), from their
 * stored ConversationReference, with `continueConversationAsync` — from any replica, after restarts.
 */
export function createTeamsDeliverer(options: TeamsDelivererOptions): Deliverer {
  const { adapter, appId, services } = options;
  const logger = services.logger.child({ platform: 'teams' });
  return {
    platform: 'teams',
    async deliver(destination: Destination, reply: Reply, delivery: DeliveryOptions = {}): Promise<DeliveryResult> {
      const conversation = await findTeamsConversation(services.db, baseConversationId(destination.channelId));
      if (conversation === undefined) return { ok: false, kind: 'gone', reason: `botwatch is not installed in Teams conversation ${destination.channelId} (no stored reference)` };
      const activity = await replyActivity(reply, services);
      const to = target(conversation, delivery.inReplyTo);
      const reference: Partial<ConversationReference> = {
        ...conversation.reference,
        conversation: { isGroup: conversation.conversationType !== 'personal', conversationType: conversation.conversationType, name: conversation.name ?? '', ...conversation.reference.conversation, id: to.conversationId },
      };
      let result: DeliveryResult | undefined;
      try {
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          withoutSdkRetries(context, logger);
          // botbuilder points a proactive post at its made-up continuation activity id; say what it replies to, if anything.
          context.onSendActivities(async (_context, activities, next) => {
            for (const a of activities) {
              if (to.replyToId) a.replyToId = to.replyToId;
              else delete a.replyToId;
            }
            return next();
          });
          result = await sendWithRetries(async () => (await context.sendActivity(activity))?.id ?? '', {
            ...(options.retry ? { policy: options.retry } : {}),
            onRetry: (failure, attempt, delayMs) => logger.warn('Teams post will be retried', { conversation: conversation.conversationId, attempt, status: failure.status, code: failure.code, delayMs: Math.round(delayMs) }),
          });
        });
      } catch (error) {
        // Before any post was tried: credentials or the token service (MSAL), not the conversation.
        logger.error('Teams proactive post could not start', { conversation: conversation.conversationId, error });
        return { ok: false, kind: 'transient', reason: `could not reach Teams: ${(error as Error).message}` };
      }
      if (result === undefined) return { ok: false, kind: 'failed', reason: 'botbuilder did not run the proactive turn' };
      if (!result.ok) logger.warn('Teams post failed', { conversation: conversation.conversationId, kind: result.kind, reason: result.reason });
      return result;
    },
  };
}
