import type { webApi } from '@slack/bolt';
import type { RenderedChart } from '../../charts/render-chart-png.ts';
import { UploadHttpError } from './slack-failure.ts';
import { withSlackRetries } from './slack-retries.ts';
import type { RetryPolicy } from './slack-retries.ts';

/**
 * Uploads a chart PNG with Slack's files v2 flow — `files.getUploadURLExternal`, POST the bytes
 * to the `upload_url` it returns, `files.completeUploadExternal` — without sharing it to a
 * channel: the message that shows it references the file from an image block (post-reply.ts).
 * Each step retries on its own, so a rate limit on the last step does not upload twice.
 * Returns the file id.
 */
export async function uploadChart(client: webApi.WebClient, chart: RenderedChart, title: string, policy?: RetryPolicy): Promise<string> {
  const filename = `${fileSlug(title)}.png`;
  const target = await withSlackRetries(
    'files.getUploadURLExternal',
    () => client.files.getUploadURLExternal({ filename, length: chart.png.length, alt_text: chart.altText }),
    policy,
  );
  const { upload_url: uploadUrl, file_id: fileId } = target;
  if (!uploadUrl || !fileId) throw new Error('files.getUploadURLExternal answered ok without upload_url or file_id');
  await withSlackRetries('upload', () => postBytes(uploadUrl, chart.png, filename), policy);
  await withSlackRetries('files.completeUploadExternal', () => client.files.completeUploadExternal({ files: [{ id: fileId, title }] }), policy);
  return fileId;
}

/** The bytes as multipart form data, as Slack's upload URL takes them (200 means stored). */
async function postBytes(url: string, png: Buffer, filename: string): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), filename);
  const response = await fetch(url, { method: 'POST', body: form, redirect: 'error' });
  await response.arrayBuffer();
  if (response.status !== 200) throw new UploadHttpError(response.status);
}

function fileSlug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'chart'
  );
}
