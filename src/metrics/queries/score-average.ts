import { queryScoreSums } from '../score-sums.ts';
import type { ScoreSums } from '../score-sums.ts';
import type { MetricValue } from '../metric-value.ts';
import type { CohortQuery } from './cohort-query.ts';

/** "thumbs_down 3, thumbs_up 9": a name's labels for a reason or a note ('' = no label). */
export function describeLabels(sums: ScoreSums): string {
  return sums.labels.filter((l) => l.label !== '').map((l) => `${l.label} ${l.count}`).join(', ');
}

/** The mean of one name's numbers, or why there is none (a name whose scores are labels only has no mean). */
export function scoreMean(sums: ScoreSums | undefined, name: string): MetricValue {
  if (sums === undefined || sums.scores === 0) return { value: null, reason: `no ${name} scores in this window` };
  if (sums.valueCount === 0) {
    const one = sums.scores === 1;
    return { value: null, denominator: 0, reason: `the ${sums.scores} ${name} score${one ? '' : 's'} in this window ${one ? 'carries a label' : 'carry labels'} only (${describeLabels(sums)}), no number to average` };
  }
  return { value: sums.valueSum / sums.valueCount, denominator: sums.valueCount };
}

/** Sums of every case variant of a name (`score:faithfulness` selects `Faithfulness` too) as one. */
export function combine(all: readonly ScoreSums[], name: string): ScoreSums | undefined {
  if (all.length <= 1) return all[0];
  const labels = new Map<string, number>();
  for (const s of all) for (const l of s.labels) labels.set(l.label, (labels.get(l.label) ?? 0) + l.count);
  return {
    name,
    scores: all.reduce((n, s) => n + s.scores, 0),
    valueCount: all.reduce((n, s) => n + s.valueCount, 0),
    valueSum: all.reduce((n, s) => n + s.valueSum, 0),
    valueSqSum: all.reduce((n, s) => n + s.valueSqSum, 0),
    labels: [...labels].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count),
  };
}

/**
 * `score_avg … score:<name>`: the mean number of one named score over the scores of the window's
 * conversations. Without a name there is nothing to average (scores of different names have
 * different scales), so the answer is n/a naming the scores there are.
 */
export const scoreAverage: CohortQuery = async (db, { interval, filter }) => {
  if (filter.score === undefined) {
    const names = await queryScoreSums(db, interval, filter);
    if (names.length === 0) return { value: null, reason: 'no scores in this window' };
    return { value: null, reason: `name the score with score:<name> — this window has ${names.map((n) => n.name).join(', ')} (by:score lists each)` };
  }
  return scoreMean(combine(await queryScoreSums(db, interval, filter, filter.score), filter.score), filter.score);
};
