import type { BetterDirection, Change, Unit } from '../replies/reply.ts';

// signDisplay 'negative': a value that rounds to zero prints as 0, never -0 or -0.0.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, signDisplay: 'negative' });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'negative' });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'negative' });
const upToFourDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4, signDisplay: 'negative' });
const twoSignificant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2, signDisplay: 'negative' });

/** US dollars: cents from a dollar up, four decimals below, two significant digits under a cent (an LLM call costs fractions of one). */
function formatUsd(value: number): string {
  const size = Math.abs(value);
  return `$${size >= 1 ? twoDecimals.format(value) : size >= 0.01 || size === 0 ? upToFourDecimals.format(value) : twoSignificant.format(value)}`;
}

/**
 * A percentage from a 0–1 share: "75 %", "14.2 %" (one decimal unless it is whole). Never rounds
 * a share that is not 0 to "0 %", nor one that is not 1 to "100 %".
 */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.0005) return '< 0.1 %';
  if (share < 1 && share >= 0.9995) return '> 99.9 %';
  const pct = Math.round(share * 1000) / 10;
  return `${Number.isInteger(pct) ? integer.format(pct) : oneDecimal.format(pct)} %`;
}

/** A count with thousands separators: "1,204". */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** Milliseconds for people: "850 ms", "12.3 s". */
export function formatMs(ms: number): string {
  return ms < 10_000 ? `${integer.format(ms)} ms` : `${oneDecimal.format(ms / 1000)} s`;
}

/** A duration in seconds: "45 s", "3 min 5 s", "2 h 10 min", "1 d 4 h". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86_400)} d${Math.floor((s % 86_400) / 3600) ? ` ${Math.floor((s % 86_400) / 3600)} h` : ''}`;
}

/** A value in its unit, or "n/a". `currency` applies to money. */
export function formatValue(value: number | null | undefined, unit: Unit, currency?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'share':
      return formatShare(value);
    case 'count':
      return formatCount(value);
    case 'ms':
      return formatMs(value);
    case 's':
      return formatSeconds(value);
    case 'score':
      return value >= 100 ? integer.format(value) : oneDecimal.format(value);
    case 'money':
      return `${twoDecimals.format(value)}${currency ? ` ${currency}` : ''}`;
    case 'usd':
      return formatUsd(value);
  }
}

const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '±');

/**
 * The change from `previous` to `value`, formatted for the unit (shares in percentage points,
 * counts in %), with whether it is good news given which direction is better.
 */
export function describeChange(value: number | null, previous: number | null | undefined, unit: Unit, better: BetterDirection): Change | undefined {
  if (value === null || previous === null || previous === undefined) return undefined;
  const absolute = value - previous;
  const relative = previous === 0 ? null : absolute / Math.abs(previous);
  let formatted: string;
  let flat: boolean;
  switch (unit) {
    case 'share': {
      const pts = Math.round(Math.abs(absolute) * 1000) / 10;
      flat = pts === 0;
      formatted = `${sign(flat ? 0 : absolute)}${Number.isInteger(pts) ? pts : oneDecimal.format(pts)} ${pts === 1 ? 'pt' : 'pts'}`;
      break;
    }
    case 'count': {
      if (relative === null) {
        flat = absolute === 0;
        formatted = `${sign(absolute)}${integer.format(Math.abs(absolute))}`;
      } else {
        const pct = Math.round(Math.abs(relative) * 1000) / 10;
        flat = pct === 0;
        formatted = `${sign(flat ? 0 : absolute)}${Number.isInteger(pct) ? pct : oneDecimal.format(pct)} %`;
      }
      break;
    }
    default: {
      const shown = formatValue(Math.abs(absolute), unit);
      flat = Math.abs(absolute) < 1e-9 || /^0(\.0+)? /.test(shown) || /^\$0\.0+$/.test(shown);
      formatted = `${sign(flat ? 0 : absolute)}${shown}`;
    }
  }
  const direction = flat ? 'flat' : absolute > 0 ? 'up' : 'down';
  const assessment = direction === 'flat' || better === 'none' ? 'neutral' : (direction === 'up') === (better === 'higher') ? 'good' : 'bad';
  return { absolute, relative, formatted, direction, assessment };
}
