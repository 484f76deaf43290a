import { looksLikeWindow } from '../../time/windows.ts';
import { localDate } from '../../time/zoned.ts';
import type { Phrase } from './piece.ts';

const numberWords: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fourteen: 14, thirty: 30, ninety: 90,
};
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const count = /^(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty|ninety)$/;
const unit = /^(hours?|hrs?|days?|weeks?|wks?|months?)$/;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const recent = 'last|past|previous|trailing';

const toNumber = (word: string) => numberWords[word] ?? Number(word);

/** `3 days` → `3d`, `2 months` → `60d` (months as 30 days: windows are counted in hours, days or weeks). */
function span(n: number, unitWord: string): string | undefined {
  if (!Number.isInteger(n) || n < 1) return undefined;
  if (unitWord.startsWith('h')) return `${n}h`;
  if (unitWord.startsWith('d')) return `${n}d`;
  if (unitWord.startsWith('w')) return `${n}w`;
  return `${n * 30}d`;
}

function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const range = (from: string, to: string) => (from === to ? from : `${from}..${to}`);

/**
 * Windows in words: `last week`, `this month`, `past 3 days`, `since monday`, `yesterday`,
 * `in november`, `from 2026-11-01 to 2026-11-15`. Each becomes a window token of the exact grammar;
 * the ones tied to the calendar become dates in the asker's zone.
 */
export function windowPhrases(clock: { now: Date; timeZone: string }): Phrase[] {
  const today = localDate(clock.now, clock.timeZone);
  const weekdayToday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  /** The latest date on or before today (or strictly before, `before`) that falls on `weekday`. */
  const lastWeekday = (name: string, before: boolean) => {
    let back = (weekdayToday - weekdays.indexOf(name) + 7) % 7;
    if (back === 0 && before) back = 7;
    return shiftDay(today, -back);
  };
  const monthRange = (name: string) => {
    const [y, m] = today.split('-').map(Number) as [number, number];
    const month = months.indexOf(name) + 1;
    const year = month > m ? y - 1 : y;
    const first = `${year}-${String(month).padStart(2, '0')}-01`;
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    return range(first, last < today ? last : today);
  };
  const token = (t: string | undefined) => (t === undefined ? undefined : { kind: 'window' as const, token: t });
  return [
    { words: [/./], piece: ([w]) => (looksLikeWindow(w!) ? token(w) : undefined) },
    { words: ['today'], piece: () => token('today') },
    { words: ['yesterday'], piece: () => token('yesterday') },
    { words: ['this|current', 'week'], piece: () => token('this-week') },
    { words: ['so', 'far', 'this', 'week'], piece: () => token('this-week') },
    { words: ['last|previous', 'week'], piece: () => token('last-week') },
    { words: ['past', 'week'], piece: () => token('7d') },
    { words: ['this|current', 'month'], piece: () => token('this-month') },
    { words: ['last|previous', 'month'], piece: () => token('last-month') },
    { words: ['past', 'month'], piece: () => token('30d') },
    { words: [recent, 'hour'], piece: () => token('1h') },
    { words: [recent, 'day'], piece: () => token('24h') },
    { words: [recent, /^\d{1,4}[hdw]$/], piece: ([, w]) => token(w) },
    { words: [recent, count, unit], piece: ([, n, u]) => token(span(toNumber(n!), u!)) },
    { words: [count, unit], piece: ([n, u]) => token(span(toNumber(n!), u!)) },
    { words: ['since', weekdays.join('|')], piece: ([, d]) => token(range(lastWeekday(d!, false), today)) },
    { words: ['since', 'last', weekdays.join('|')], piece: ([, , d]) => token(range(lastWeekday(d!, true), today)) },
    { words: ['since', 'yesterday'], piece: () => token(range(shiftDay(today, -1), today)) },
    { words: ['since', isoDay], piece: ([, d]) => (d! <= today ? token(range(d!, today)) : undefined) },
    { words: ['last|on', weekdays.join('|')], piece: ([, d]) => token(lastWeekday(d!, true)) },
    // `may` alone is too often the verb ("may I see …"): the month needs `in may`.
    { words: [months.filter((m) => m !== 'may').join('|')], piece: ([m]) => token(monthRange(m!)) },
    { words: ['in|during', 'may'], piece: () => token(monthRange('may')) },
    { words: ['from|between', isoDay, 'to|and|until|till|through', isoDay], piece: ([, a, , b]) => token(`${a}..${b}`) },
  ];
}
