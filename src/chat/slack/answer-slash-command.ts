import type { RespondFn } from '@slack/bolt';
import { z } from 'zod';
import type { BotwatchServices } from '../../app/services.ts';
import { isForAskerOnly } from '../../replies/reply.ts';
import type { Reply } from '../../replies/reply.ts';
import { inviteHint, isNotInChannel, postFailedReply } from './failure-replies.ts';
import { postReply } from './post-reply.ts';
import { uploadTableCsv } from './upload-table-csv.ts';
import { renderReplyBlocks } from './render-blocks.ts';
import { sendEphemeral } from './send-ephemeral.ts';
import type { EphemeralTarget } from './send-ephemeral.ts';
import { slackAsker } from './slack-asker.ts';
import type { SlackContext } from './slack-context.ts';
import { classifySlackError, slackErrorDetail } from './slack-failure.ts';

/** The fields of Slack's slash-command payload botwatch uses (parsed at the edge). */
const slashCommandPayload = z.object({
  text: z.string().default(''),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  channel_id: z.string().min(1),
  channel_name: z.string().optional(),
  team_id: z.string().optional(),
});

export interface SlashCommandContext extends SlackContext {
  answer: BotwatchServices['answer'];
  adminUserIds: readonly string[];
  /** The bot's own user id (from auth.test), for the invite hint. */
  botUserId?: string;
}

/** Help, errors and replies meant for the asker (a digest preview) go to the person who typed; everything else to the channel. */
export function isPersonal(reply: Reply): boolean {
  return isForAskerOnly(reply);
}

/**
 * Answers `/botwatch <text>` (already acknowledged): runs the command as the person who typed
 * it and posts the answer with its chart to the channel — or, for help and errors, only to them.
 * If the channel does not take botwatch, they get the answer privately with how to invite it;
 * any other refusal is logged with its context and they are told. Throws only when even the
 * private reply could not be sent (the caller logs it).
 */
export async function answerSlashCommand(ctx: SlashCommandContext, payload: unknown, respond: RespondFn | undefined): Promise<void> {
  const command = slashCommandPayload.parse(payload);
  const person = { userId: command.user_id, channelId: command.channel_id } as const;
  const asker = slackAsker({ ...person, userName: command.user_name, channelName: command.channel_name, teamId: command.team_id }, ctx.adminUserIds);
  const privately: EphemeralTarget = { ...(respond ? { respond } : {}), channel: command.channel_id, user: command.user_id };

  const reply = await ctx.answer(command.text, asker);
  if (isPersonal(reply)) return sendEphemeral(ctx, privately, renderReplyBlocks(reply));
  try {
    const ts = await postReply(ctx, { channel: command.channel_id }, reply);
    await uploadTableCsv(ctx, reply, { channel: command.channel_id, ts });
  } catch (error) {
    const failure = classifySlackError(error);
    if (isNotInChannel(failure)) {
      ctx.logger.info('asked in a channel botwatch is not in; answered privately', { channel: command.channel_id, code: failure.code });
      return sendEphemeral(ctx, privately, renderReplyBlocks(reply, { preface: inviteHint(ctx.botUserId) }));
    }
    ctx.logger.error('Slack refused an answer', { channel: command.channel_id, user: command.user_id, command: command.text.slice(0, 200), code: failure.code, detail: slackErrorDetail(error), error });
    await sendEphemeral(ctx, privately, renderReplyBlocks(postFailedReply(failure)));
  }
}
