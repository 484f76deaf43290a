import type { RespondFn } from '@slack/bolt';
import type { SlackContext } from './slack-context.ts';
import { withSlackRetries } from './slack-retries.ts';
import type { SlackMessage } from './slack-types.ts';

export interface EphemeralTarget {
  /** The request's response_url, through Bolt: works even where the bot is not a member. */
  respond?: RespondFn;
  channel: string;
  user: string;
}

/**
 * Shows a message only to one person: through the response_url when there is one (no scope
 * needed, works in channels the bot is not in), else — or when that fails — `chat.postEphemeral`.
 * Throws when neither worked (callers log it: someone is waiting for an answer).
 */
export async function sendEphemeral(ctx: SlackContext, target: EphemeralTarget, message: SlackMessage): Promise<void> {
  if (target.respond) {
    try {
      await target.respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
      return;
    } catch (error) {
      ctx.logger.warn('response_url did not take the reply; trying chat.postEphemeral', { channel: target.channel, error });
    }
  }
  await withSlackRetries('chat.postEphemeral', () => ctx.client.chat.postEphemeral({ channel: target.channel, user: target.user, text: message.text, blocks: message.blocks }), ctx.retryPolicy);
}
