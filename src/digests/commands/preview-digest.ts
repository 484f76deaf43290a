import type { Asker } from '../../chat/destination.ts';
import type { CommandContext } from '../../commands/command-context.ts';
import { assertKnownBots } from '../../commands/resolve-scope.ts';
import { listBots } from '../../metrics/bot-info.ts';
import type { Reply } from '../../replies/reply.ts';
import { listSubscriptions } from '../store/subscriptions.ts';
import type { DigestContentSpec } from '../subscription.ts';
import { contentSpec } from '../subscription.ts';
import type { DigestCommandDeps } from './digest-deps.ts';
import { digestMistake } from './digest-replies.ts';
import { findDigestArg, isReply } from './find-digest.ts';
import { parseDigestArgs, parseDigestId } from './parse-digest-args.ts';

/**
 * `digest preview [<id> | daily|weekly [tz:…] [bot…] [metrics:…]]`: the digest as it would be
 * posted now, returned to the asker only — nothing is posted. Without arguments: this channel's
 * digest when it has one, else a daily digest of every bot.
 */
export async function previewDigest(args: readonly string[], ctx: CommandContext, asker: Asker | undefined, deps: DigestCommandDeps): Promise<Reply> {
  let spec: DigestContentSpec;
  let label: string;
  if (parseDigestId(args[0]) !== undefined) {
    const found = await findDigestArg(ctx.db, 'preview', args[0]);
    if (isReply(found)) return found;
    spec = contentSpec(found);
    label = `digest #${found.id}`;
  } else if (args.length > 0) {
    const parsed = parseDigestArgs(args, { requireTime: false });
    if ('error' in parsed) return digestMistake(parsed.error);
    assertKnownBots(parsed.bots, await listBots(ctx.db));
    spec = { cadence: parsed.cadence, timeZone: parsed.timeZone ?? ctx.timeZone, bots: parsed.bots, metrics: parsed.metrics };
    label = 'this digest';
  } else {
    const here = asker ? await listSubscriptions(ctx.db, asker.destination) : [];
    if (here.length > 1) return digestMistake(`this channel has digests ${here.map((s) => `#${s.id}`).join(', ')}: say which, e.g. digest preview ${here[0]!.id}`);
    spec = here[0] ? contentSpec(here[0]) : { cadence: 'daily', timeZone: ctx.timeZone, bots: [], metrics: [] };
    label = here[0] ? `digest #${here[0].id}` : 'a daily digest of every bot';
  }
  const reply = await deps.composeSpec(spec, ctx.now());
  return { ...reply, audience: 'asker', title: `Preview: ${reply.title}`, notes: [...reply.notes, `Preview of ${label} as it would be posted now; nothing was posted to the channel.`] };
}
