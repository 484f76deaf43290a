import type { Asker } from '../../chat/destination.ts';
import type { CommandContext } from '../../commands/command-context.ts';
import { findMetric } from '../../metrics/catalog.ts';
import type { Reply } from '../../replies/reply.ts';
import { formatInstant } from '../../time/format-instant.ts';
import { describeSchedule, nextRuns } from '../schedule.ts';
import { deliveriesOfRuns } from '../store/deliveries.ts';
import { latestRuns } from '../store/runs.ts';
import { listSubscriptions, pausedByBotwatch } from '../store/subscriptions.ts';
import type { Subscription } from '../subscription.ts';
import { destinationLabel } from '../subscription.ts';
import { describeRun } from './describe-run.ts';
import { digestInfo, digestMistake } from './digest-replies.ts';

/**
 * `digest list [all]`: the digests of this channel (or of every channel), each with its schedule,
 * next run and how the last run went; a paused one says why and how to resume it.
 */
export async function listDigests(args: readonly string[], ctx: CommandContext, asker: Asker | undefined): Promise<Reply> {
  if (args.length > 0 && args[0]?.toLowerCase() !== 'all') return digestMistake(`digest list takes nothing, or "all" for every channel's digests; unexpected ${JSON.stringify(args[0])}`);
  const channel = args[0]?.toLowerCase() === 'all' ? undefined : asker?.destination;
  const everywhere = channel === undefined;
  const subscriptions = await listSubscriptions(ctx.db, channel);
  const where = channel === undefined ? 'every channel' : destinationLabel(channel);
  if (subscriptions.length === 0) {
    return digestInfo(`No digests in ${where}`, 'Add one with /botwatch digest add daily 09:00 [bot…] (or weekly mon 09:00) in the channel that should receive it.');
  }
  const runs = await latestRuns(ctx.db, subscriptions.map((s) => s.id));
  const deliveries = await deliveriesOfRuns(ctx.db, [...runs.values()].map((r) => r.id));
  const now = ctx.now();
  return {
    kind: 'info',
    title: `Digests in ${where}`,
    figures: [],
    table: {
      columns: [
        { key: 'id', label: '#' },
        { key: 'schedule', label: 'Schedule' },
        ...(everywhere ? [{ key: 'channel', label: 'Channel' }] : []),
        { key: 'content', label: 'Bots · metrics' },
        { key: 'next', label: 'Next run' },
        { key: 'last', label: 'Last run' },
      ],
      rows: subscriptions.map((s) => {
        const run = runs.get(s.id);
        return {
          id: String(s.id),
          schedule: describeSchedule(s.schedule),
          channel: `${destinationLabel(s.destination)} (${s.destination.platform})`,
          content: `${s.bots.length > 0 ? s.bots.join(', ') : 'all bots'} · ${s.metrics.length > 0 ? s.metrics.map((id) => findMetric(id)?.short ?? id).join(', ') : 'headline metrics'}`,
          next: s.pausedAt !== null ? 'paused' : formatInstant(nextRun(s, now), s.schedule.timeZone),
          last: describeRun(run, run ? (deliveries.get(run.id) ?? []) : [], s.schedule.timeZone),
        };
      }),
    },
    notes: subscriptions.filter((s) => s.pausedAt !== null).map((s) => pausedNote(s)),
  };
}

function nextRun(subscription: Subscription, now: Date): Date {
  const from = subscription.activeSince > now ? subscription.activeSince : now;
  return nextRuns(subscription.schedule, from, 1)[0]!;
}

/** Why a digest is paused, and how to resume it. */
export function pausedNote(s: Subscription): string {
  const since = s.pausedAt ? ` since ${formatInstant(s.pausedAt, s.schedule.timeZone)}` : '';
  const gone = s.pausedBy === pausedByBotwatch;
  const fix = gone ? `Add botwatch back to ${destinationLabel(s.destination)} (or reinstall the app), then /botwatch digest resume ${s.id}.` : `/botwatch digest resume ${s.id} starts it again.`;
  return `#${s.id} is paused${since}: ${s.pausedReason ?? 'by an admin'}. ${fix}`;
}
