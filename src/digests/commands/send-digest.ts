import type { Asker } from '../../chat/destination.ts';
import type { CommandContext } from '../../commands/command-context.ts';
import type { Reply } from '../../replies/reply.ts';
import { formatInstant } from '../../time/format-instant.ts';
import { executeRun } from '../execute-run.ts';
import { insertManualRun } from '../store/runs.ts';
import { destinationLabel } from '../subscription.ts';
import type { DigestCommandDeps } from './digest-deps.ts';
import { digestInfo } from './digest-replies.ts';
import { findDigestArg, isReply } from './find-digest.ts';

/**
 * `digest send <id>`: posts the digest now (the period before now), as a run of its own with the
 * same delivery rules as a scheduled one; the reply says whether it arrived.
 */
export async function sendDigest(args: readonly string[], ctx: CommandContext, asker: Asker | undefined, deps: DigestCommandDeps): Promise<Reply> {
  const found = await findDigestArg(ctx.db, 'send', args[0]);
  if (isReply(found)) return found;
  const { env } = deps;
  const now = env.now();
  const run = await insertManualRun(env.db, found.id, { replica: env.replicaId, now, leaseUntil: new Date(now.getTime() + env.leaseMs) });
  env.logger.info('digest sent by hand', { subscription: found.id, run: run.id, by: asker?.userId ?? 'terminal' });
  const outcome = await executeRun(env, run);
  const where = destinationLabel(found.destination);
  const zone = found.schedule.timeZone;
  switch (outcome.state) {
    case 'delivered':
      return digestInfo(`Digest #${found.id} posted to ${where}`);
    case 'retrying': {
      const next = outcome.deliveries.find((d) => d.state === 'pending');
      return digestInfo(
        `Digest #${found.id} could not be posted to ${where} yet`,
        `${next?.reason ?? 'A temporary failure'}; botwatch retries${next?.nextAttemptAt ? ` at ${formatInstant(next.nextAttemptAt, zone)}` : ''}. /botwatch digest list shows how it ends.`,
      );
    }
    case 'lost':
      return digestInfo(`Digest #${found.id} is being posted by another botwatch replica`, '/botwatch digest list shows how it ends.');
    default: {
      const gone = outcome.deliveries.some((d) => d.state === 'gone');
      return {
        kind: 'error',
        title: `Digest #${found.id} was not posted to ${where}`,
        figures: [],
        notes: [],
        text: `${outcome.detail ?? 'The cause is in the botwatch log.'}${gone ? `\nThe digest is paused. Add botwatch back to ${where}, then /botwatch digest resume ${found.id}.` : ''}`,
      };
    }
  }
}
