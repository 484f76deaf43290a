import type { Asker } from '../../chat/destination.ts';
import type { CommandContext } from '../../commands/command-context.ts';
import type { Reply } from '../../replies/reply.ts';
import { describeSchedule } from '../schedule.ts';
import { pauseSubscription, removeSubscription, resumeSubscription } from '../store/subscriptions.ts';
import { destinationLabel } from '../subscription.ts';
import { digestInfo, digestMistake } from './digest-replies.ts';
import { findDigestArg, isReply } from './find-digest.ts';

/** `digest remove <id>`: stops a digest (its history is kept until it ages out). */
export async function removeDigest(args: readonly string[], ctx: CommandContext, asker: Asker | undefined): Promise<Reply> {
  const found = await findDigestArg(ctx.db, 'remove', args[0]);
  if (isReply(found)) return found;
  if (!(await removeSubscription(ctx.db, found.id, ctx.now()))) return digestMistake(`digest #${found.id} was removed a moment ago`);
  ctx.logger.info('digest subscription removed', { subscription: found.id, by: asker?.userId ?? 'terminal' });
  return digestInfo(`Digest #${found.id} removed`, `${destinationLabel(found.destination)} will no longer get the ${describeSchedule(found.schedule)} digest.`);
}

/** `digest pause <id>`: stops posting without forgetting the digest. */
export async function pauseDigest(args: readonly string[], ctx: CommandContext, asker: Asker | undefined): Promise<Reply> {
  const found = await findDigestArg(ctx.db, 'pause', args[0]);
  if (isReply(found)) return found;
  const by = asker?.displayName ?? asker?.userId ?? 'the terminal';
  if (!(await pauseSubscription(ctx.db, found.id, { reason: `paused by ${by}`, by: asker?.userId ?? 'terminal' }, ctx.now()))) return digestMistake(`digest #${found.id} is already paused (${found.pausedReason ?? 'no reason recorded'})`);
  ctx.logger.info('digest subscription paused', { subscription: found.id, by });
  return digestInfo(`Digest #${found.id} paused`, `Resume it with /botwatch digest resume ${found.id}; slots that pass while it is paused are not posted later.`);
}

/** `digest resume <id>`: posts again from the next slot on (nothing owed from while it was paused). */
export async function resumeDigest(args: readonly string[], ctx: CommandContext, asker: Asker | undefined): Promise<Reply> {
  const found = await findDigestArg(ctx.db, 'resume', args[0]);
  if (isReply(found)) return found;
  if (!(await resumeSubscription(ctx.db, found.id, ctx.now()))) return digestMistake(`digest #${found.id} is not paused`);
  ctx.logger.info('digest subscription resumed', { subscription: found.id, by: asker?.userId ?? 'terminal', wasPaused: found.pausedReason });
  return digestInfo(`Digest #${found.id} resumed`, `It posts again from the next ${describeSchedule(found.schedule)} slot. To check that botwatch can post to ${destinationLabel(found.destination)}, /botwatch digest send ${found.id}.`);
}
