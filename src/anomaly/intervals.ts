/** A closed range of values. */
export interface Range {
  low: number;
  high: number;
}

/**
 * The Wilson score interval for a share `p` observed over `n` trials at normal quantile `z`.
 * Unlike the plain normal interval it never collapses to a point at 0 % or 100 % and widens as
 * `n` shrinks, so a share over a handful of conversations gets the wide band it deserves.
 */
export function wilsonInterval(p: number, n: number, z: number): Range {
  if (n <= 0) return { low: 0, high: 1 };
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Above this expected count the Poisson quantiles are taken from the normal approximation. */
const exactPoissonLimit = 500;

/**
 * The central interval of a Poisson count with mean `lambda` holding at least `level` of the
 * probability: the counts from the (1 − level)/2 quantile to the (1 + level)/2 quantile. Exact
 * (summing the distribution) up to a mean of 500, the normal approximation with a continuity
 * correction beyond.
 */
export function poissonInterval(lambda: number, level: number, z: number): Range {
  if (lambda <= 0) return { low: 0, high: 0 };
  const tail = (1 - level) / 2;
  if (lambda > exactPoissonLimit) {
    const sd = Math.sqrt(lambda);
    return { low: Math.max(0, Math.floor(lambda - z * sd - 0.5)), high: Math.ceil(lambda + z * sd + 0.5) };
  }
  let k = 0;
  let pmf = Math.exp(-lambda);
  let cdf = pmf;
  let low: number | undefined = cdf > tail ? 0 : undefined;
  while (cdf < 1 - tail) {
    k++;
    pmf *= lambda / k;
    cdf += pmf;
    if (low === undefined && cdf > tail) low = k;
  }
  return { low: low ?? k, high: k };
}
