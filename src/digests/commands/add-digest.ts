import type { Asker } from '../../chat/destination.ts';
import type { CommandContext } from '../../commands/command-context.ts';
import { assertKnownBots } from '../../commands/resolve-scope.ts';
import { listBots } from '../../metrics/bot-info.ts';
import { findMetric } from '../../metrics/catalog.ts';
import type { Reply } from '../../replies/reply.ts';
import { formatInstant } from '../../time/format-instant.ts';
import { describeSchedule, nextRuns } from '../schedule.ts';
import type { DigestSchedule } from '../schedule.ts';
import { insertSubscription, listSubscriptions } from '../store/subscriptions.ts';
import { destinationLabel } from '../subscription.ts';
import { digestInfo, digestMistake } from './digest-replies.ts';
import { parseDigestArgs } from './parse-digest-args.ts';

/**
 * `digest add daily 09:00 [tz:Zone] [bot…] [metrics:a,b]` / `digest add weekly mon 09:00 …`:
 * subscribes the conversation the command came from, and shows the next three runs in its zone.
 */
export async function addDigest(args: readonly string[], ctx: CommandContext, asker: Asker | undefined): Promise<Reply> {
  if (asker === undefined) return digestMistake('digest add subscribes the channel it is typed in: type it in Slack or Teams, in the channel that should receive the digest');
  const parsed = parseDigestArgs(args, { requireTime: true });
  if ('error' in parsed) return digestMistake(parsed.error);
  assertKnownBots(parsed.bots, await listBots(ctx.db));
  const schedule: DigestSchedule = {
    cadence: parsed.cadence,
    ...(parsed.weekday !== undefined ? { weekday: parsed.weekday } : {}),
    hour: parsed.time?.hour ?? 0,
    minute: parsed.time?.minute ?? 0,
    timeZone: parsed.timeZone ?? ctx.timeZone,
  };
  const here = await listSubscriptions(ctx.db, asker.destination);
  const same = here.find((s) => describeSchedule(s.schedule) === describeSchedule(schedule) && sameSet(s.bots, parsed.bots) && sameSet(s.metrics, parsed.metrics));
  if (same) return digestMistake(`digest #${same.id} already posts this here (${describeSchedule(same.schedule)})`);

  const now = ctx.now();
  const subscription = await insertSubscription(ctx.db, { destination: asker.destination, schedule, bots: parsed.bots, metrics: parsed.metrics, createdBy: asker.userId }, now);
  ctx.logger.info('digest subscription added', { subscription: subscription.id, schedule: describeSchedule(schedule), platform: asker.destination.platform, channel: asker.destination.channelId, by: asker.userId });
  const runs = nextRuns(schedule, now, 3).map((t) => `  ${formatInstant(t, schedule.timeZone)}`);
  const period = schedule.cadence === 'daily' ? "the day before's" : "the previous week's (Monday to Sunday)";
  return digestInfo(
    `Digest #${subscription.id} added: ${describeSchedule(schedule)}`,
    `Next runs (${schedule.timeZone}):\n${runs.join('\n')}`,
    [
      `Posts ${period} figures for ${parsed.bots.length > 0 ? parsed.bots.join(', ') : 'every bot'}${parsed.metrics.length > 0 ? ` (${parsed.metrics.map((id) => findMetric(id)?.short ?? id).join(', ')})` : ''} to ${destinationLabel(asker.destination)}.`,
      `Try it: /botwatch digest preview ${subscription.id} · post it now: /botwatch digest send ${subscription.id} · stop it: /botwatch digest remove ${subscription.id}`,
    ],
  );
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
