import type { Reply } from '../../replies/reply.ts';
import type { SlackFailure } from './slack-failure.ts';

/** Slack said botwatch cannot post in the conversation a command came from. */
export function isNotInChannel(failure: SlackFailure): boolean {
  return failure.code === 'not_in_channel' || failure.code === 'channel_not_found';
}

/**
 * Said (only to the person who asked) above their answer when botwatch is not a member of the
 * channel: how to invite it. A direct message between people cannot take an app at all.
 */
export function inviteHint(botUserId: string | undefined): string {
  const who = botUserId ? `<@${botUserId}>` : 'botwatch';
  return (
    `:warning: I'm not a member of this channel, so I can't post answers here for everyone. ` +
    `Invite ${who} with \`/invite @botwatch\` (or the channel's settings → Integrations → Add apps), then ask again. ` +
    `In a direct message between people I can't post at all: ask in a channel or in the botwatch app's own messages. ` +
    `Here is your answer, visible only to you:`
  );
}

/** Why an answer could not be posted, for the person who asked (the cause goes to the log). */
export function postFailedReply(failure: SlackFailure): Reply {
  const text =
    failure.code === 'ratelimited'
      ? `Slack is rate-limiting botwatch right now${failure.retryAfterSeconds ? ` (it asked to wait ${failure.retryAfterSeconds} s)` : ''}. Please try again in a minute.`
      : failure.kind === 'transient'
        ? `Slack could not be reached (${failure.code}). Please try again in a minute.`
        : failure.code === 'is_archived'
          ? 'This channel is archived, so botwatch cannot post in it.'
          : `Slack did not accept the answer (${failure.code}). The cause is in the botwatch log; an admin can look it up there.`;
  return { kind: 'error', title: 'Sorry — something went wrong posting that answer.', figures: [], notes: [], text };
}
