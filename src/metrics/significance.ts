/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface ProportionTest {
  z: number;
  /** Two-sided p-value. */
  p: number;
  /** Whether the normal approximation holds (each side ≥ 30 and ≥ 5 successes and failures). */
  enoughData: boolean;
  significant: boolean;
}

/**
 * Two-proportion z-test (pooled), two-sided, at `alpha` (the `compare` command): is x1/n1
 * different from x2/n2 beyond noise? Too few observations → not significant, and says so.
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number, alpha = 0.05): ProportionTest {
  const enoughData = n1 >= 30 && n2 >= 30 && [x1, n1 - x1, x2, n2 - x2].every((c) => c >= 5);
  if (n1 === 0 || n2 === 0) return { z: 0, p: 1, enoughData: false, significant: false };
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1, enoughData, significant: false };
  const z = (x1 / n1 - x2 / n2) / se;
  const p = 2 * (1 - normalCdf(Math.abs(z)));
  return { z, p, enoughData, significant: enoughData && p < alpha };
}

/**
 * Holm's step-down correction for testing several hypotheses at once: the i-th smallest of m
 * p-values is multiplied by (m − i + 1), and adjusted values never decrease along that order (and
 * never exceed 1). Rejecting where the adjusted p < alpha keeps the family-wise error rate at
 * alpha, with more power than Bonferroni. Returns the adjusted values in the input's order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** A sample summarised by its count, sum and sum of squares. */
export interface SampleSums {
  n: number;
  sum: number;
  sumSq: number;
}

export interface MeanDifference {
  /** Mean of b minus mean of a. */
  difference: number;
  /** The 95 % confidence interval of the difference (normal approximation, Welch's standard error). */
  low: number;
  high: number;
  /** Whether each side has at least 30 observations (the approximation holds). */
  enoughData: boolean;
  /** The interval excludes 0 and there is enough data. */
  significant: boolean;
}

/**
 * Difference in means b − a with its 95 % confidence interval, for measures such as cost per
 * conversation or latency per call (not proportions: no z-test of proportions here).
 */
export function meanDifference(a: SampleSums, b: SampleSums): MeanDifference | undefined {
  if (a.n < 2 || b.n < 2) return undefined;
  const mean = (s: SampleSums) => s.sum / s.n;
  const variance = (s: SampleSums) => Math.max(0, (s.sumSq - (s.sum * s.sum) / s.n) / (s.n - 1));
  const difference = mean(b) - mean(a);
  const se = Math.sqrt(variance(a) / a.n + variance(b) / b.n);
  const low = difference - 1.96 * se;
  const high = difference + 1.96 * se;
  const enoughData = a.n >= 30 && b.n >= 30;
  return { difference, low, high, enoughData, significant: enoughData && (low > 0 || high < 0) };
}
