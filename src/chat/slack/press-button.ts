import type { RespondFn } from '@slack/bolt';
import { z } from 'zod';
import type { BotwatchServices } from '../../app/services.ts';
import { isForAskerOnly } from '../../replies/reply.ts';
import type { Action } from '../../replies/reply.ts';
import { renderReplyBlocks } from './render-blocks.ts';
import type { UploadedImage } from './render-blocks.ts';
import { sendEphemeral } from './send-ephemeral.ts';
import { slackAsker } from './slack-asker.ts';
import type { SlackContext } from './slack-context.ts';
import { classifySlackError } from './slack-failure.ts';
import { withSlackRetries } from './slack-retries.ts';
import { uploadTableCsv } from './upload-table-csv.ts';

/** The fields of Slack's `block_actions` payload botwatch uses (parsed at the edge). */
const buttonPressPayload = z.object({
  user: z.object({ id: z.string().min(1), username: z.string().optional(), name: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string().min(1), name: z.string().optional() }).nullish(),
  container: z.object({ message_ts: z.string().optional(), thread_ts: z.string().optional(), is_ephemeral: z.boolean().optional() }).nullish(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional(), blocks: z.array(z.unknown()).optional() }).nullish(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

/** Every button a Reply can carry (the Record makes the compiler list each `Action['id']`). */
const replyActionIds: Record<Action['id'], true> = { 'alert.acknowledge': true, 'alert.mute': true, 'drilldown.list': true };
const isReplyAction = (id: string): id is Action['id'] => Object.hasOwn(replyActionIds, id);

const imageBlock = z.object({ type: z.literal('image'), slack_file: z.object({ id: z.string() }), alt_text: z.string(), title: z.object({ text: z.string() }).optional() });

export interface ButtonContext extends SlackContext {
  handleAction: BotwatchServices['handleAction'];
  adminUserIds: readonly string[];
}

/**
 * A button press (already acknowledged): routed by its action id to the module that owns it
 * (alerts own `alert.*`), whose answer is shown only to the person who pressed; when it gives the
 * message a new form ("Acknowledged by Ana"), the original message is updated, keeping its chart.
 * An answer with a table ("Show conversations") also gets its CSV, as a typed answer does.
 */
export async function pressButton(ctx: ButtonContext, payload: unknown, respond: RespondFn | undefined): Promise<void> {
  const press = buttonPressPayload.parse(payload);
  const pressed = press.actions[0]!;
  const channelId = press.channel?.id;
  const privately = { ...(respond ? { respond } : {}), channel: channelId ?? '', user: press.user.id };
  if (!isReplyAction(pressed.action_id)) {
    ctx.logger.warn('a Slack button botwatch does not know was pressed', { action: pressed.action_id });
    return sendEphemeral(ctx, privately, renderReplyBlocks({ kind: 'error', title: 'That button does nothing in this version of botwatch.', figures: [], notes: [] }));
  }
  const asker = slackAsker(
    { userId: press.user.id, userName: press.user.username ?? press.user.name, channelId: channelId ?? '', channelName: press.channel?.name, teamId: press.team?.id },
    ctx.adminUserIds,
  );
  const outcome = await ctx.handleAction({ id: pressed.action_id, value: pressed.value ?? '' }, asker);

  const extraNotes: string[] = [];
  const messageTs = press.container?.message_ts ?? press.message?.ts;
  if (outcome.updatedMessage && channelId && messageTs) {
    const image = keptImage(press.message?.blocks ?? []);
    const updated = renderReplyBlocks(outcome.updatedMessage, image ? { image } : {});
    try {
      await withSlackRetries('chat.update', () => ctx.client.chat.update({ channel: channelId, ts: messageTs, text: updated.text, blocks: updated.blocks }), ctx.retryPolicy);
    } catch (error) {
      const failure = classifySlackError(error);
      ctx.logger.error('could not update the message a button was pressed on', { channel: channelId, ts: messageTs, action: pressed.action_id, code: failure.code, error });
      extraNotes.push(`The message itself could not be updated (Slack: ${failure.code}).`);
    }
  }
  await sendEphemeral(ctx, privately, renderReplyBlocks(outcome.reply, { extraNotes }));
  // Slack cannot show a file to one person, so the CSV goes in the thread of the message the button
  // is on (or the thread that message is in); an ephemeral message has no thread to hold it.
  if (channelId && messageTs && press.container?.is_ephemeral !== true && !isForAskerOnly(outcome.reply)) {
    await uploadTableCsv(ctx, outcome.reply, { channel: channelId, ts: press.container?.thread_ts ?? press.message?.thread_ts ?? messageTs });
  }
}

/** The chart of the original message, so an update shows it again (it is not uploaded twice). */
function keptImage(blocks: readonly unknown[]): UploadedImage | undefined {
  for (const block of blocks) {
    const parsed = imageBlock.safeParse(block);
    if (parsed.success) return { fileId: parsed.data.slack_file.id, altText: parsed.data.alt_text, title: parsed.data.title?.text ?? '' };
  }
  return undefined;
}
