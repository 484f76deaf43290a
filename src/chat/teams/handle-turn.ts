import type { TurnContext } from 'botbuilder';
import type { BotwatchServices } from '../../app/services.ts';
import { newLogId, withLogContext } from '../../logging/log-context.ts';
import type { Reply } from '../../replies/reply.ts';
import type { ActionOutcome } from '../actions.ts';
import type { Asker } from '../destination.ts';
import { cardSubmission } from './card-submission.ts';
import type { CardSubmission } from './card-submission.ts';
import { commandText } from './command-text.ts';
import { askerOf, conversationOf } from './conversation-of-activity.ts';
import { saveTeamsConversation } from './conversation-store.ts';
import type { InboundActivity } from './inbound-activity.ts';
import { onConversationUpdate, onInstallationUpdate } from './installation-events.ts';
import { replyActivity } from './reply-activity.ts';
import { whileTyping } from './typing-indicator.ts';

const somethingWentWrong: Reply = { kind: 'error', title: 'Sorry — something went wrong while answering that.', figures: [], notes: ['The cause is in the botwatch log.'] };

export interface TurnDeps {
  services: BotwatchServices;
  /** TEAMS_ADMIN_AAD_IDS. */
  adminAadIds: readonly string[];
}

/** What botwatch does with one activity from Teams (the adapter has authenticated it). */
export type TurnHandler = (context: TurnContext, activity: InboundActivity) => Promise<void>;

export function createTurnHandler(deps: TurnDeps): TurnHandler {
  const { services } = deps;
  const logger = services.logger.child({ platform: 'teams' });
  const storeDeps = { db: services.db, logger };

  async function answerCommand(context: TurnContext, text: string, asker: Asker): Promise<void> {
    const outgoing = await whileTyping(context, logger, async () => replyActivity(await services.answer(text, asker), services));
    await context.sendActivity(outgoing);
  }

  async function answerButton(context: TurnContext, activity: InboundActivity, submission: CardSubmission, asker: Asker): Promise<void> {
    if (!submission.known) {
      logger.warn('Teams card button with an action botwatch does not know', { action: submission.actionId });
      await context.sendActivity(await replyActivity({ kind: 'error', title: 'That button does nothing any more.', figures: [], notes: [`botwatch knows no action "${submission.actionId}".`] }, services));
      return;
    }
    let outcome: ActionOutcome;
    try {
      outcome = await whileTyping(context, logger, () => services.handleAction(submission.action, asker));
    } catch (error) {
      logger.error('Teams card button failed', { action: submission.action.id, error });
      outcome = { reply: { ...somethingWentWrong, title: 'Sorry — something went wrong while handling that button.' } };
    }
    // The button's card is the message the press replies to: update it (e.g. "Acknowledged by Ana").
    if (outcome.updatedMessage && activity.replyToId) {
      const updated = await replyActivity(outcome.updatedMessage, services);
      try {
        await context.updateActivity({ ...updated, id: activity.replyToId });
      } catch (error) {
        logger.error('Teams card could not be updated after a button press', { action: submission.action.id, message: activity.replyToId, error });
      }
    }
    await context.sendActivity(await replyActivity(outcome.reply, services));
  }

  async function onMessage(context: TurnContext, activity: InboundActivity): Promise<void> {
    // Every message refreshes the stored reference (Teams may move a conversation to another
    // service URL) and records conversations whose installation event botwatch never saw.
    const conversation = await saveTeamsConversation(services.db, conversationOf(activity));
    const asker = askerOf(activity, conversation, deps.adminAadIds);
    const submission = cardSubmission(activity.value);
    if (submission) return answerButton(context, activity, submission, asker);
    return answerCommand(context, commandText(activity), asker);
  }

  return async (context, activity) => {
    switch (activity.type) {
      case 'message':
        try {
          // One id per command, on every line it causes, its reply to Teams included.
          return await withLogContext({ commandId: newLogId() }, () => onMessage(context, activity));
        } catch (error) {
          // The person typed something: they get an answer, the log gets the cause.
          logger.error('Teams message could not be answered', { error });
          await context.sendActivity(await replyActivity(somethingWentWrong, services));
          return;
        }
      case 'conversationUpdate':
        return onConversationUpdate(activity, storeDeps);
      case 'installationUpdate':
        return onInstallationUpdate(activity, storeDeps);
      default:
        // Typing, reactions, invokes botwatch does not offer (message extensions, tabs): nothing to do.
        logger.debug('Teams activity ignored', { type: activity.type });
    }
  };
}
