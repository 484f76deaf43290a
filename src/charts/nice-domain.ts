/**
 * A zero-based domain covering `values`, widened to round tick steps the way d3's `scale.nice(count)`
 * does. Charts compute it themselves (rather than letting vega) so they know where a value will sit,
 * e.g. whether a threshold rule runs along the top edge, without an expression evaluated per render.
 */
export function niceZeroDomain(values: number[], count: number): [number, number] {
  let low = Math.min(0, ...values);
  let high = Math.max(0, ...values);
  if (low === high) return [0, 1];
  for (let i = 0; i < 10; i++) {
    const step = tickStep(low, high, count);
    const niceLow = Math.floor(low / step) * step;
    const niceHigh = Math.ceil(high / step) * step;
    if (niceLow === low && niceHigh === high) break;
    low = niceLow;
    high = niceHigh;
  }
  // Steps like 0.05 leave float residue (0.15000000000000002); round to the step's precision.
  const digits = Math.max(0, -Math.floor(Math.log10(tickStep(low, high, count))) + 1);
  return [Number(low.toFixed(digits)), Number(high.toFixed(digits))];
}

/** d3-array's tick increment: 1, 2 or 5 times a power of ten, giving about `count` ticks. */
function tickStep(low: number, high: number, count: number): number {
  const raw = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * power;
}
