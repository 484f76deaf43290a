import type { CommandContext } from '../../commands/command-context.ts';
import type { Reply } from '../../replies/reply.ts';
import { describeSchedule } from '../schedule.ts';
import { deliveriesOfRuns } from '../store/deliveries.ts';
import { runHistory } from '../store/runs.ts';
import { destinationLabel } from '../subscription.ts';
import { describeRun } from './describe-run.ts';
import { findDigestArg, isReply } from './find-digest.ts';

const shownRuns = 20;

/** `digest history <id>`: its latest runs — slot, state, which replica, each destination's result. */
export async function digestHistory(args: readonly string[], ctx: CommandContext): Promise<Reply> {
  const found = await findDigestArg(ctx.db, 'history', args[0]);
  if (isReply(found)) return found;
  const runs = await runHistory(ctx.db, found.id, shownRuns);
  const deliveries = await deliveriesOfRuns(ctx.db, runs.map((r) => r.id));
  const zone = found.schedule.timeZone;
  return {
    kind: 'info',
    title: `Digest #${found.id} history`,
    subtitle: `${describeSchedule(found.schedule)} · ${destinationLabel(found.destination)}`,
    figures: [],
    table: {
      columns: [
        { key: 'run', label: 'Run' },
        { key: 'state', label: 'What happened' },
        { key: 'replica', label: 'Replica' },
        { key: 'messages', label: 'Messages' },
      ],
      rows: runs.map((run) => {
        const ofRun = deliveries.get(run.id) ?? [];
        return {
          run: String(run.id),
          state: describeRun(run, ofRun, zone),
          replica: `${run.claimedBy ?? '–'}${run.takeovers > 0 ? ` (taken over ${run.takeovers}×)` : ''}`,
          messages: ofRun.map((d) => `${destinationLabel(d.destination)}: ${d.state}${d.messageId ? ` ${d.messageId}` : ''}`).join('; ') || '–',
        };
      }),
    },
    notes: [runs.length === 0 ? 'It has not run yet.' : `The latest ${runs.length} runs, newest first (history is kept 90 days); times in ${zone}.`],
  };
}
