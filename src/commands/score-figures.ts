import type { Queryable } from '../db/database.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { CohortFilter } from '../metrics/cohort.ts';
import { combine, scoreMean } from '../metrics/queries/score-average.ts';
import { queryScoreSums } from '../metrics/score-sums.ts';
import { buildFigure } from '../replies/build-figure.ts';
import type { Figure } from '../replies/reply.ts';
import type { TimeWindow } from '../time/windows.ts';

/** A summary shows at most this many score names (those with the most scores); by:score lists them all. */
export const summaryScoreNames = 4;

/**
 * The summary's score lines: one figure per score name of the window that has numbers ("faithfulness
 * (score mean)"), with its previous window's mean. Label-only names have no mean and are left to by:score.
 */
export async function scoreFigures(db: Queryable, window: TimeWindow, filter: CohortFilter): Promise<Figure[]> {
  const metric = findMetric('score_avg')!;
  const [current, previous] = await Promise.all([queryScoreSums(db, window, filter), queryScoreSums(db, window.previous, filter)]);
  return current
    .filter((s) => s.valueCount > 0)
    .slice(0, summaryScoreNames)
    .map((s) => {
      const figure = buildFigure(metric, scoreMean(s, s.name), scoreMean(combine(previous.filter((p) => p.name === s.name), s.name), s.name));
      return { ...figure, label: `${s.name} (score mean)` };
    });
}
