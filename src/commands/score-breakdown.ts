import { combine, describeLabels, scoreMean } from '../metrics/queries/score-average.ts';
import { queryScoreSums } from '../metrics/score-sums.ts';
import { maxSeparateQueries } from './breakdown.ts';
import type { MeasuredGroups } from './breakdown.ts';
import type { CommandContext } from './command-context.ts';
import type { ResolvedScope } from './resolve-scope.ts';

/**
 * `score_avg … by:score`: every score name of the window with its mean (n/a for a name with labels
 * only) and its count, labels in the notes. Names are not averaged together (each has its own
 * scale), so there is no total.
 */
export async function measureByScore(r: ResolvedScope, ctx: CommandContext): Promise<MeasuredGroups> {
  const [current, previous] = await Promise.all([queryScoreSums(ctx.db, r.window, r.filter), queryScoreSums(ctx.db, r.window.previous, r.filter)]);
  const shown = current.slice(0, maxSeparateQueries);
  const notes: string[] = [];
  if (current.length > shown.length) notes.push(`Showing the ${maxSeparateQueries} score names with the most scores of ${current.length}.`);
  const labelled = shown.filter((s) => describeLabels(s) !== '');
  if (labelled.length > 0) notes.push(`Labels: ${labelled.map((s) => `${s.name} — ${describeLabels(s)}`).join('; ')}.`);
  const none = { value: null, reason: current.length === 0 ? 'no scores in this window' : 'score names are not averaged together (each has its own scale); see each name below' };
  return {
    groups: shown.map((s) => ({
      group: s.name,
      current: scoreMean(s, s.name),
      previous: scoreMean(combine(previous.filter((p) => p.name === s.name), s.name), s.name),
    })),
    total: none,
    totalPrevious: { value: null, reason: none.reason },
    notes,
  };
}
