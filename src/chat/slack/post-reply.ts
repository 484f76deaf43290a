import type { Reply } from '../../replies/reply.ts';
import { renderReplyBlocks } from './render-blocks.ts';
import type { UploadedImage } from './render-blocks.ts';
import type { SlackContext } from './slack-context.ts';
import { SlackCallError, classifySlackError, slackErrorDetail } from './slack-failure.ts';
import { withSlackRetries } from './slack-retries.ts';
import { uploadChart } from './upload-chart.ts';

export interface PostTarget {
  channel: string;
  /** Post in the thread of this message (its ts). */
  threadTs?: string;
}

const chartMissing = 'The chart could not be attached; the cause is in the botwatch log.';

/**
 * Posts a reply to a channel as one message: the chart (if any) is uploaded first (files v2,
 * unshared) and shown by an image block among the figures. One `chat.postMessage` gives the
 * message its `ts` (threads, updates) and its notification `text`, which a file share with
 * blocks cannot carry. A chart that cannot be drawn or uploaded leaves a note, never the figures
 * unsent. Returns the message ts; throws a {@link SlackCallError} when Slack refuses the message.
 */
export async function postReply(ctx: SlackContext, target: PostTarget, reply: Reply): Promise<string> {
  let image: UploadedImage | undefined;
  const extraNotes: string[] = [];
  if (reply.chart) {
    try {
      const chart = await ctx.renderChart(reply.chart);
      image = { fileId: await uploadChart(ctx.client, chart, reply.chart.title, ctx.retryPolicy), altText: chart.altText, title: reply.chart.title };
    } catch (error) {
      ctx.logger.error('chart could not be attached to a Slack message', { channel: target.channel, chart: reply.chart.title, error });
      extraNotes.push(chartMissing);
    }
  }
  try {
    return await postMessage(ctx, target, reply, image, extraNotes);
  } catch (error) {
    if (image) await deleteOrphanFile(ctx, image.fileId);
    throw error;
  }
}

/**
 * Slack processes an upload asynchronously: until it has, an image block naming the file is
 * refused with `invalid_blocks` ("invalid slack file"). Waits and tries again a few times, then
 * posts without the image (with a note) rather than not at all.
 */
async function postMessage(ctx: SlackContext, target: PostTarget, reply: Reply, firstImage: UploadedImage | undefined, extraNotes: string[]): Promise<string> {
  let image = firstImage;
  for (let attempt = 0; ; attempt++) {
    const message = renderReplyBlocks(reply, { ...(image ? { image } : {}), extraNotes });
    try {
      const posted = await withSlackRetries(
        'chat.postMessage',
        () =>
          ctx.client.chat.postMessage({
            channel: target.channel,
            text: message.text,
            blocks: message.blocks,
            ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
            unfurl_links: false,
            unfurl_media: false,
          }),
        ctx.retryPolicy,
      );
      if (!posted.ts) throw new SlackCallError('chat.postMessage', { kind: 'failed', code: 'no_ts' });
      return posted.ts;
    } catch (error) {
      if (!image || !isFileNotReady(error)) throw error;
      const wait = ctx.fileReadyWaitsMs[attempt];
      if (wait !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      ctx.logger.error('Slack did not accept the uploaded chart in time; posting without it', { channel: target.channel, file: image.fileId, detail: slackErrorDetail(error) });
      await deleteOrphanFile(ctx, image.fileId);
      image = undefined;
      extraNotes.push(chartMissing);
    }
  }
}

function isFileNotReady(error: unknown): boolean {
  return classifySlackError(error).code === 'invalid_blocks' && slackErrorDetail(error).some((d) => d.includes('slack_file'));
}

/** An uploaded chart no message shows is only clutter in the bot's files: remove it (best effort, logged). */
async function deleteOrphanFile(ctx: SlackContext, fileId: string): Promise<void> {
  try {
    await ctx.client.files.delete({ file: fileId });
  } catch (error) {
    ctx.logger.warn('could not delete an unused chart upload', { file: fileId, error });
  }
}
