import type { BotwatchServices } from '../app/services.ts';
import type { Reply } from '../replies/reply.ts';
import type { FeedEntry } from './feed-entry.ts';

/**
 * The chart part of a console message: the reply's chart drawn, stored and signed (the browser
 * loads it by its server-relative path, whichever host name it used). A chart that cannot be
 * drawn leaves the message without it and says so; the cause goes to the log.
 */
export async function publishReplyChart(services: BotwatchServices, reply: Reply): Promise<Pick<FeedEntry, 'chart' | 'chartError'>> {
  if (reply.chart === undefined) return {};
  try {
    const published = await services.publishChart(reply.chart);
    return { chart: { url: published.path, altText: published.altText, width: published.width, height: published.height } };
  } catch (error) {
    services.logger.error('console: chart could not be drawn', { chart: reply.chart.title, error });
    return { chartError: 'The chart could not be drawn; the cause is in the botwatch log.' };
  }
}
