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
