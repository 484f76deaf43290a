import type { webApi } from '@slack/bolt';
import type { RenderedChart } from '../../charts/render-chart-png.ts';
import type { RetryPolicy } from './slack-retries.ts';
import { uploadFile } from './upload-file.ts';

/**
 * Uploads a chart PNG (files v2) without sharing it to a channel: the message that shows it
 * references the file from an image block (post-reply.ts). Returns the file id.
 */
export function uploadChart(client: webApi.WebClient, chart: RenderedChart, title: string, policy?: RetryPolicy): Promise<string> {
  return uploadFile(client, { bytes: chart.png, filename: `${fileSlug(title)}.png`, contentType: 'image/png', title, altText: chart.altText }, policy);
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
