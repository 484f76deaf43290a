import { findMetric } from '../metrics/catalog.ts';
import { formatCount, formatShare } from '../metrics/format.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import { buildFigure } from '../replies/build-figure.ts';
import type { Reply } from '../replies/reply.ts';
import type { Scope } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { resolveScope } from './resolve-scope.ts';

/** `/botwatch channels [bot] [window]`: delivery health per channel (the channel health metrics, docs/metrics.md). */
export async function runChannels(scope: Scope, ctx: CommandContext): Promise<Reply> {
  const r = await resolveScope(scope, ctx);
  const rows = await queryAggregates(ctx.db, { filter: r.filter, current: r.window, previous: r.window.previous, groupBy: 'channel', timeZone: r.window.timeZone, now: r.now, idleMinutes: ctx.idleMinutes });
  const delivery = findMetric('delivery_rate')!;
  const sends = () => true;
  const current = rows.filter((x) => x.period === 'current').sort((a, b) => b.aggregates.conversations - a.aggregates.conversations);
  const total = sumAggregates(current.map((x) => x.aggregates));
  const totalPrevious = sumAggregates(rows.filter((x) => x.period === 'previous').map((x) => x.aggregates));
  const receipts = total.delivery_sent + total.delivery_delivered + total.delivery_rejected + total.delivery_expired + total.delivery_undeliverable;
  const rate = (a: typeof total) => delivery.compute!(a, { sends });
  const reply: Reply = {
    kind: 'result',
    title: `Channels — ${r.botsLabel}`,
    subtitle: r.subtitle,
    figures: [
      buildFigure(findMetric('conversations')!, { value: total.conversations }, { value: totalPrevious.conversations }),
      buildFigure(delivery, rate(total), rate(totalPrevious)),
    ],
    table: {
      columns: [
        { key: 'channel', label: 'Channel' },
        { key: 'conversations', label: 'Conversations', align: 'right' },
        { key: 'sent', label: 'Sent', align: 'right' },
        { key: 'delivered', label: 'Delivered', align: 'right' },
        { key: 'rate', label: 'Delivery rate', align: 'right' },
        { key: 'rejected', label: 'Rejected', align: 'right' },
        { key: 'expired', label: 'Expired', align: 'right' },
        { key: 'undeliverable', label: 'Undeliverable', align: 'right' },
      ],
      rows: current.map(({ group, aggregates: a }) => {
        const value = rate(a).value;
        return {
          channel: group ?? '(no channel)',
          conversations: formatCount(a.conversations),
          sent: formatCount(Math.max(a.delivery_sent, a.delivery_delivered + a.delivery_rejected + a.delivery_expired + a.delivery_undeliverable)),
          delivered: formatCount(a.delivery_delivered),
          rate: value === null ? 'n/a' : formatShare(value),
          rejected: formatCount(a.delivery_rejected),
          expired: formatCount(a.delivery_expired),
          undeliverable: formatCount(a.delivery_undeliverable),
        };
      }),
      values: current.map(({ group, aggregates: a }) => ({
        channel: group,
        conversations: a.conversations,
        sent: Math.max(a.delivery_sent, a.delivery_delivered + a.delivery_rejected + a.delivery_expired + a.delivery_undeliverable),
        delivered: a.delivery_delivered,
        rate: rate(a).value,
        rejected: a.delivery_rejected,
        expired: a.delivery_expired,
        undeliverable: a.delivery_undeliverable,
      })),
    },
    notes: receipts === 0 ? ['No delivery receipts in this window: delivery health needs `delivery` events from the channels.'] : ['Sent counts a message with a final receipt even when its "sent" receipt is missing.'],
  };
  if (current.length > 0) {
    reply.chart =
      receipts > 0
        ? { kind: 'bars', title: 'Delivery rate by channel', subtitle: r.subtitle, unit: 'share', dimension: 'channel', metricLabel: 'Delivery rate', bars: current.map((x) => ({ label: x.group ?? '(no channel)', value: rate(x.aggregates).value })) }
        : { kind: 'bars', title: 'Conversations by channel', subtitle: r.subtitle, unit: 'count', dimension: 'channel', metricLabel: 'Conversations', bars: current.map((x) => ({ label: x.group ?? '(no channel)', value: x.aggregates.conversations })) };
  }
  return reply;
}
