import { replyCsv } from '../../replies/export-csv.ts';
import { csvFileName } from '../../replies/exported-table.ts';
import type { Reply } from '../../replies/reply.ts';
import type { SlackContext } from './slack-context.ts';
import { slackErrorDetail } from './slack-failure.ts';
import { uploadFile } from './upload-file.ts';

/**
 * Shares a reply's table as a `.csv` file in the thread of the message that shows it (files v2),
 * so the raw numbers are one click away without cluttering the channel. Only replies with a table;
 * a failure is logged and never takes the answer back. Returns the file id, or undefined.
 */
export async function uploadTableCsv(ctx: SlackContext, reply: Reply, message: { channel: string; ts: string }): Promise<string | undefined> {
  if (!reply.table?.rows.length) return undefined;
  const csv = replyCsv(reply);
  if (csv === undefined) return undefined;
  try {
    return await uploadFile(
      ctx.client,
      { bytes: Buffer.from(csv, 'utf8'), filename: csvFileName(reply), contentType: 'text/csv', title: `${reply.title} (CSV)`, shareTo: { channel: message.channel, threadTs: message.ts } },
      ctx.retryPolicy,
    );
  } catch (error) {
    ctx.logger.error('the CSV of an answer could not be shared in Slack', { channel: message.channel, title: reply.title, detail: slackErrorDetail(error), error });
    return undefined;
  }
}
