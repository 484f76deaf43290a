import type { Scope } from '../commands/command.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { resolveScope } from '../commands/resolve-scope.ts';
import { DomainError } from '../errors.ts';
import type { Reply } from '../replies/reply.ts';
import { minBaselineWeeks } from './baseline.ts';
import { describeFindings, findUnusual } from './find-unusual.ts';

const listed = 15;

/**
 * `/botwatch anomalies [bot] [window]` (default the last 24 hours): every rate, the volume and reply time of
 * each bot (or one) against what is usual at that time of the week, the ones outside their band
 * ranked by how far outside, one line each in words.
 */
export async function runAnomalies(scope: Scope, ctx: CommandContext): Promise<Reply> {
  if (scope.versions.length + scope.channels.length + scope.intents.length + scope.flows.length > 0) {
    throw new DomainError('bad_filter', 'anomalies looks at each bot as a whole; filters (channel:, version:, intent:, flow:) do not apply');
  }
  const resolved = await resolveScope(scope, ctx, '24h');
  const timeZone = resolved.window.timeZone;
  const findings = await findUnusual({
    db: ctx.db,
    bots: resolved.bots.map((b) => b.botId),
    window: resolved.window,
    timeZone,
    now: resolved.now,
    idleMinutes: ctx.idleMinutes,
  });
  const notes = [`${describeFindings(findings)} (medium sensitivity: the 99 % band; a rate over fewer than 10 conversations or a reply time over fewer than 10 replies is not judged).`];
  if (findings.learning.length > 0) notes.push(`Still learning what is usual (fewer than ${minBaselineWeeks} weeks of history): ${findings.learning.join(', ')}.`);
  notes.push('Usual: the median of the same local hours of the week over up to 8 previous weeks, leaving out hours when an alert on the metric was firing.');
  const lines = findings.unusual.slice(0, listed).map((u) => u.sentence);
  if (findings.unusual.length > listed) lines.push(`…and ${findings.unusual.length - listed} more.`);
  return {
    kind: 'info',
    title: `What's unusual — ${resolved.botsLabel}`,
    subtitle: resolved.subtitle,
    figures: [],
    text: lines.length > 0 ? lines.join('\n') : 'Nothing unusual.',
    notes,
  };
}
