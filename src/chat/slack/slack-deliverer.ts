import type { DeliveryResult, Deliverer } from '../deliver.ts';
import { postReply } from './post-reply.ts';
import type { SlackContext } from './slack-context.ts';
import { classifySlackError, slackErrorDetail } from './slack-failure.ts';
import type { SlackFailure } from './slack-failure.ts';

const reasons: Record<string, string> = {
  not_in_channel: 'botwatch is not a member of the channel (invite it with /invite @botwatch)',
  channel_not_found: 'the channel does not exist or botwatch cannot see it',
  is_archived: 'the channel is archived',
  account_inactive: 'the botwatch Slack app was deactivated or uninstalled',
  token_revoked: 'the botwatch Slack app was uninstalled (its token is revoked)',
  ratelimited: 'Slack rate-limited botwatch',
  network: 'Slack could not be reached',
};

/** A failure in words for digest and alert histories: "not_in_channel: botwatch is not a member…". */
export function describeFailure(failure: SlackFailure): string {
  const reason = reasons[failure.code] ?? (failure.kind === 'transient' ? 'Slack had a temporary problem' : 'Slack refused the message');
  return `${failure.code}: ${reason}`;
}

/**
 * Posts digests and alerts to Slack channels: the reply with its chart in one message, in a thread
 * when `inReplyTo` (a message ts) is given. Retries rate limits, 5xx and network failures within
 * its bounded policy; what it returns is final for this attempt (gone / transient / failed).
 */
export function createSlackDeliverer(ctx: SlackContext): Deliverer {
  return {
    platform: 'slack',
    async deliver(destination, reply, options = {}): Promise<DeliveryResult> {
      if (destination.platform !== 'slack') return { ok: false, kind: 'failed', reason: `not a Slack destination (${destination.platform})` };
      try {
        const ts = await postReply(ctx, { channel: destination.channelId, ...(options.inReplyTo ? { threadTs: options.inReplyTo } : {}) }, reply);
        return { ok: true, messageId: ts };
      } catch (error) {
        const failure = classifySlackError(error);
        ctx.logger[failure.kind === 'failed' ? 'error' : 'warn']('Slack delivery failed', { channel: destination.channelId, title: reply.title, code: failure.code, kind: failure.kind, detail: slackErrorDetail(error), error });
        return { ok: false, kind: failure.kind, reason: describeFailure(failure), ...(failure.retryAfterSeconds !== undefined ? { retryAfterSeconds: failure.retryAfterSeconds } : {}) };
      }
    },
  };
}
