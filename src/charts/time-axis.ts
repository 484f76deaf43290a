const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Bucket = 'hour' | 'day' | 'week';

/** Length of a bucket on the wall-clock axis (wall-clock days are always 24 h long). */
export function bucketMs(bucket: Bucket): number {
  return bucket === 'hour' ? HOUR : bucket === 'day' ? DAY : 7 * DAY;
}

interface Spacing {
  step: number;
  /** Whether the candidate tick at wall-clock `t` (the `index`th bucket) is a round position. */
  keep: (t: number, index: number) => boolean;
}

/**
 * Candidate tick spacings per bucket, finest first, each with a test that a tick sits on a
 * "round" position (hours divisible by the step, Mondays for weekly ticks), so labels land on
 * times a person would pick.
 */
const spacings: Record<Bucket, Spacing[]> = {
  hour: [
    ...[1, 2, 3, 6, 12].map((hours): Spacing => ({ step: hours * HOUR, keep: (t) => new Date(t).getUTCHours() % hours === 0 })),
    ...dayLikeSpacings(),
  ],
  day: dayLikeSpacings(),
  week: [1, 2, 4, 8, 13, 26, 52].map((weeks): Spacing => ({ step: weeks * 7 * DAY, keep: (_t, i) => i % weeks === 0 })),
};

function dayLikeSpacings(): Spacing[] {
  const midnight = (t: number): boolean => t % DAY === 0;
  const monday = (t: number): boolean => midnight(t) && new Date(t).getUTCDay() === 1;
  // 1970-01-05 was a Monday: counts whole weeks from there so fortnightly ticks stay put.
  const weekIndex = (t: number): number => Math.floor((t - 4 * DAY) / (7 * DAY));
  return [
    { step: DAY, keep: midnight },
    { step: 2 * DAY, keep: (t) => midnight(t) && Math.floor(t / DAY) % 2 === 0 },
    { step: 7 * DAY, keep: monday },
    { step: 14 * DAY, keep: (t) => monday(t) && weekIndex(t) % 2 === 0 },
    { step: 28 * DAY, keep: (t) => monday(t) && weekIndex(t) % 4 === 0 },
    { step: 91 * DAY, keep: (t) => monday(t) && weekIndex(t) % 13 === 0 },
  ];
}

/**
 * Tick positions for a time axis from `first` to `last` (wall-clock ms, see wallClockMs): the
 * finest round spacing that gives at most `maxTicks` labels. Explicit ticks keep labels on bucket
 * boundaries (no "Nov 3" at noon) and horizontal without overlap.
 */
export function timeAxisTicks(first: number, last: number, bucket: Bucket, maxTicks: number): number[] {
  const size = bucketMs(bucket);
  const hourlyGrid = bucket === 'hour' ? HOUR : DAY;
  const grid = bucket === 'week' ? size : hourlyGrid;
  const candidates: number[] = [];
  for (let t = first; t <= last; t += grid) candidates.push(t);

  for (const spacing of spacings[bucket]) {
    if (spacing.step < size) continue;
    const ticks = candidates.filter((t, i) => spacing.keep(t, i));
    if (ticks.length > 0 && ticks.length <= maxTicks) return ticks;
  }
  return [first];
}

/**
 * A vega expression labelling a tick (`datum.value`, wall-clock ms on a UTC scale): dates as
 * "Nov 3", hours as "14:00" with midnight shown as the date, the year added when the range
 * crosses one.
 */
export function timeAxisLabelExpression(bucket: Bucket, crossesYear: boolean): string {
  const date = crossesYear ? `utcFormat(datum.value, '%b %-d, %Y')` : `utcFormat(datum.value, '%b %-d')`;
  if (bucket !== 'hour') return date;
  return `utchours(datum.value) === 0 && utcminutes(datum.value) === 0 ? ${date} : utcFormat(datum.value, '%H:%M')`;
}
