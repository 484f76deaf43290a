import type { webApi } from '@slack/bolt';
import type { RenderedChart } from '../../charts/render-chart-png.ts';
import type { Logger } from '../../log.ts';
import type { ChartRequest } from '../../replies/reply.ts';
import type { RetryPolicy } from './slack-retries.ts';

/** What posting to Slack needs: the Web API client, the chart renderer, the log, the retry bounds. */
export interface SlackContext {
  client: webApi.WebClient;
  logger: Logger;
  renderChart(chart: ChartRequest): Promise<RenderedChart>;
  retryPolicy: RetryPolicy;
  /** Waits between attempts to show a just-uploaded file (tests shorten them). */
  fileReadyWaitsMs: readonly number[];
}
