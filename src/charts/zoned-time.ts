const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The wall-clock time of `instant` in `timeZone`, expressed as if that wall clock were UTC.
 * vega's time scales only know UTC and the process's local zone; charts plot these values on a
 * UTC scale so axis labels read in the team's zone (a bucket starting 00:00 Berlin is labelled
 * 00:00) whatever zone the server runs in.
 */
export function wallClockMs(instant: string | number, timeZone: string): number {
  const date = new Date(instant);
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second, date.getUTCMilliseconds());
}
