const isoPattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads an ISO-8601 date-time as platforms write it (any number of fraction digits, as .NET's
 * seven; `+08:00`, `+0800` or `Z`) and returns the instant in the contract's form (UTC, `Z`, ms).
 * Text without a zone is read as UTC only when `assumeUtc` (Bot Framework's `timestamp` is UTC by
 * definition; a `localTimestamp` without its offset names no instant and gives undefined).
 */
export function instantFromIsoText(text: string, options: { assumeUtc: boolean }): string | undefined {
  const m = isoPattern.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  if (zone === undefined && !options.assumeUtc) return undefined;
  const ms = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  const check = new Date(local);
  // Date.UTC rolls 31 April over into May; a date that does not exist is not read.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
  }
  return new Date(local - offsetMinutes * 60_000).toISOString();
}

/**
 * An epoch time as the contract's ISO-8601: seconds (Rasa's float seconds, Copilot Studio's whole
 * seconds), or milliseconds when the number is too large to be seconds (after the year 5138).
 */
export function instantFromEpoch(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const ms = value > 1e11 ? value : value * 1000;
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A time field that may hold ISO text or an epoch number. */
export function instantFrom(value: unknown, options: { assumeUtc: boolean }): string | undefined {
  if (typeof value === 'number') return instantFromEpoch(value);
  if (typeof value === 'string') return instantFromIsoText(value, options);
  return undefined;
}
