const unitSeconds: Record<string, number> = { s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86_400, w: 604_800 };
const whole = /^(?:\d+(?:\.\d+)?(?:w|d|h|min|m|sec|s))+$/;
const part = /(\d+(?:\.\d+)?)(w|d|h|min|m|sec|s)/g;

/**
 * Parses a duration such as `90s`, `5m`, `1h`, `1h30m`, `2d` or `1w` into whole seconds.
 * Undefined when the text is not a duration (a bare number has no unit and is not one).
 */
export function parseDuration(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (!whole.test(lower)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of lower.matchAll(part)) seconds += Number(amount) * unitSeconds[unit!]!;
  return Math.round(seconds);
}

/** A span for running text: "hour", "2 hours", "30 minutes", "day", "90 seconds" (for "over the last …"). */
export function describeSpan(seconds: number): string {
  const [amount, noun] =
    seconds % 86_400 === 0 ? [seconds / 86_400, 'day'] : seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  return amount === 1 ? noun : `${amount} ${noun}s`;
}
