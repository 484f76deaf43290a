/** The median of the values (undefined when there are none). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** MAD scaled to estimate a standard deviation for normal data (× 1.4826). */
export const madScale = 1.4826;

/** The median absolute deviation from the median, scaled (× 1.4826) to read as a standard deviation; 0 for fewer than two values. */
export function scaledMad(values: readonly number[]): number {
  const m = median(values);
  if (m === undefined || values.length < 2) return 0;
  return madScale * median(values.map((v) => Math.abs(v - m)))!;
}
