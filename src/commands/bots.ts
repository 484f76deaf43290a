import { listBots } from '../metrics/bot-info.ts';
import { formatCount, formatSeconds } from '../metrics/format.ts';
import type { Reply } from '../replies/reply.ts';
import type { CommandContext } from './command-context.ts';

/** A bot that sent nothing for this long is called out as silent. */
const silentAfterMs = 60 * 60_000;

/** `/botwatch bots`: every monitored bot, its last event, 24 h volume, and a warning when silent. */
export async function runBots(ctx: CommandContext): Promise<Reply> {
  const now = ctx.now();
  const bots = await listBots(ctx.db);
  if (bots.length === 0) {
    return { kind: 'info', title: 'Bots', figures: [], notes: ['No bot has sent any events yet. Send events to POST /v1/events or run `botwatch import` (docs/getting-started.md, docs/events.md).'] };
  }
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const volumes = await ctx.db.query<{ bot_id: string; n: number }>(
    'SELECT bot_id, count(*) AS n FROM conversation_facts WHERE bot_id = ANY($1::text[]) AND started_at >= $2 AND started_at < $3 GROUP BY bot_id',
    [bots.map((b) => b.botId), since, now],
  );
  const volume = new Map(volumes.map((v) => [v.bot_id, v.n]));
  const silent = bots.filter((b) => now.getTime() - b.lastEventAt.getTime() > silentAfterMs);
  return {
    kind: 'info',
    title: 'Bots',
    figures: [],
    table: {
      columns: [
        { key: 'bot', label: 'Bot' },
        { key: 'last', label: 'Last event' },
        { key: 'volume', label: 'Conversations (24 h)', align: 'right' },
        { key: 'status', label: 'Status' },
      ],
      rows: bots.map((b) => {
        const ago = Math.max(0, (now.getTime() - b.lastEventAt.getTime()) / 1000);
        return {
          bot: b.botId,
          last: `${formatSeconds(ago)} ago`,
          volume: formatCount(volume.get(b.botId) ?? 0),
          status: silent.includes(b) ? `⚠ silent for ${formatSeconds(ago)}` : 'sending',
        };
      }),
      values: bots.map((b) => ({ last: b.lastEventAt.toISOString(), volume: volume.get(b.botId) ?? 0, status: silent.includes(b) ? 'silent' : 'sending' })),
    },
    notes: silent.length > 0 ? [`${silent.map((b) => b.botId).join(', ')} sent nothing in the last hour.`] : [],
  };
}
