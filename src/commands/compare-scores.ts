import type { Queryable } from '../db/database.ts';
import type { CohortFilter } from '../metrics/cohort.ts';
import { formatCount, formatValue } from '../metrics/format.ts';
import { combine } from '../metrics/queries/score-average.ts';
import { queryScoreSums } from '../metrics/score-sums.ts';
import type { SampleSums } from '../metrics/significance.ts';
import type { Interval } from '../time/windows.ts';
import type { RawValue } from '../replies/reply.ts';
import { compareMeansVerdict } from './compare.ts';

/** Compare shows at most this many score names (those with the most numbers on both sides together). */
const comparedScoreNames = 4;

/**
 * The rows `compare` adds for named scores: each name with numbers on either side (or only the one
 * `score:` names), its mean per side and the difference in means with its 95 % CI, as for LLM cost.
 */
export async function compareScores(
  db: Queryable,
  interval: Interval,
  filters: { a: CohortFilter; b: CohortFilter },
  bLabel: string,
): Promise<{ rows: Record<string, string>[]; raw: Record<string, RawValue>[]; significant: string[] }> {
  const name = filters.a.score;
  const [a, b] = await Promise.all([queryScoreSums(db, interval, filters.a, name), queryScoreSums(db, interval, filters.b, name)]);
  const names = name !== undefined ? [name] : [...new Set([...a, ...b].filter((s) => s.valueCount > 0).map((s) => s.name))];
  const count = (n: string) => [...a, ...b].filter((s) => s.name === n).reduce((sum, s) => sum + s.valueCount, 0);
  const shownNames = names.sort((x, y) => count(y) - count(x) || (x < y ? -1 : 1)).slice(0, comparedScoreNames);
  const sums = (side: typeof a, n: string): SampleSums => {
    const s = name !== undefined ? combine(side, n) : side.find((x) => x.name === n);
    return { n: s?.valueCount ?? 0, sum: s?.valueSum ?? 0, sumSq: s?.valueSqSum ?? 0 };
  };
  const result = { rows: [] as Record<string, string>[], raw: [] as Record<string, RawValue>[], significant: [] as string[] };
  for (const n of shownNames) {
    const sa = sums(a, n);
    const sb = sums(b, n);
    const shown = (x: SampleSums) => (x.n === 0 ? 'n/a' : `${formatValue(x.sum / x.n, 'score')} (n=${formatCount(x.n)})`);
    let verdict = 'n/a on one side';
    let called: boolean | null = null;
    if (sa.n > 0 && sb.n > 0) {
      const v = compareMeansVerdict(`${n} score`, 'score', sa, sb, bLabel);
      verdict = v.text;
      called = v.significant;
      if (v.significant) result.significant.push(v.text);
    }
    result.raw.push({ metricId: `score_avg:${n}`, a: sa.n === 0 ? null : sa.sum / sa.n, aN: sa.n, b: sb.n === 0 ? null : sb.sum / sb.n, bN: sb.n, p: null, significant: called });
    result.rows.push({ metric: `${n} (score mean)`, a: shown(sa), b: shown(sb), verdict });
  }
  return result;
}
