import type { Activity } from 'botbuilder';
import type { BotwatchServices } from '../../app/services.ts';
import type { Reply } from '../../replies/reply.ts';
import type { CardImage } from './adaptive-card.ts';
import { renderAdaptiveCard } from './render-adaptive-card.ts';
import { isPlainReply, renderTeamsText } from './teams-text.ts';

export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';

/**
 * A reply as the message activity to post: plain Markdown text for help and errors, otherwise an
 * Adaptive Card whose chart is a PNG published on botwatch at a signed, expiring URL (Teams
 * loads card images by URL; data URIs are unreliable on desktop and web). If the chart cannot
 * be drawn the card goes without it, saying so, and the log gets the cause. A reply with a table
 * (or figures) gets a "Download CSV" button opening its export at a signed, expiring URL.
 */
export async function replyActivity(reply: Reply, services: Pick<BotwatchServices, 'publishChart' | 'publishCsv' | 'logger'>): Promise<Partial<Activity>> {
  if (isPlainReply(reply)) return { type: 'message', textFormat: 'markdown', text: renderTeamsText(reply) };
  let image: CardImage | undefined;
  let shown = reply;
  if (reply.chart) {
    try {
      const published = await services.publishChart(reply.chart);
      image = { url: published.url, altText: published.altText };
    } catch (error) {
      services.logger.error('chart for a Teams card could not be drawn', { chart: reply.chart.kind, error });
      shown = { ...reply, notes: [...reply.notes, 'The chart could not be drawn; the cause is in the botwatch log.'] };
    }
  }
  const { card } = renderAdaptiveCard(shown, image, { ...(await csvLink(reply, services)) });
  // `summary` is what Teams shows in notifications and the chat list instead of "Sent a card".
  return { type: 'message', summary: reply.title, attachments: [{ contentType: adaptiveCardContentType, content: card }] };
}

/** The signed link to the reply's CSV export, if it has a table or figures; a failure is logged and the card goes without. */
async function csvLink(reply: Reply, services: Pick<BotwatchServices, 'publishCsv' | 'logger'>): Promise<{ csvUrl?: string }> {
  try {
    const published = await services.publishCsv(reply);
    return published === undefined ? {} : { csvUrl: published.url };
  } catch (error) {
    services.logger.error('CSV for a Teams card could not be stored', { title: reply.title, error });
    return {};
  }
}
