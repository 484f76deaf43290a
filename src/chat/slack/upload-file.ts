import type { webApi } from '@slack/bolt';
import { UploadHttpError } from './slack-failure.ts';
import { withSlackRetries } from './slack-retries.ts';
import type { RetryPolicy } from './slack-retries.ts';

export interface FileToUpload {
  bytes: Buffer;
  filename: string;
  contentType: string;
  title: string;
  altText?: string;
  /** Share it to this channel (in this thread); without, it stays unshared until a message shows it. */
  shareTo?: { channel: string; threadTs?: string };
}

/**
 * Uploads a file with Slack's files v2 flow — `files.getUploadURLExternal`, POST the bytes to the
 * `upload_url` it returns, `files.completeUploadExternal` (which shares it when asked). Each step
 * retries on its own, so a rate limit on the last step does not upload twice. Returns the file id.
 */
export async function uploadFile(client: webApi.WebClient, file: FileToUpload, policy?: RetryPolicy): Promise<string> {
  const target = await withSlackRetries(
    'files.getUploadURLExternal',
    () => client.files.getUploadURLExternal({ filename: file.filename, length: file.bytes.length, ...(file.altText !== undefined ? { alt_text: file.altText } : {}) }),
    policy,
  );
  const { upload_url: uploadUrl, file_id: fileId } = target;
  if (!uploadUrl || !fileId) throw new Error('files.getUploadURLExternal answered ok without upload_url or file_id');
  await withSlackRetries('upload', () => postBytes(uploadUrl, file), policy);
  const share = file.shareTo;
  await withSlackRetries(
    'files.completeUploadExternal',
    () =>
      share === undefined
        ? client.files.completeUploadExternal({ files: [{ id: fileId, title: file.title }] })
        : client.files.completeUploadExternal({ files: [{ id: fileId, title: file.title }], channel_id: share.channel, ...(share.threadTs ? { thread_ts: share.threadTs } : {}) }),
    policy,
  );
  return fileId;
}

/** The bytes as multipart form data, as Slack's upload URL takes them (200 means stored). */
async function postBytes(url: string, file: FileToUpload): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.filename);
  const response = await fetch(url, { method: 'POST', body: form, redirect: 'error' });
  await response.arrayBuffer();
  if (response.status !== 200) throw new UploadHttpError(response.status);
}
