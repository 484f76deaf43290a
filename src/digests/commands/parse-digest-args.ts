import { nearest } from '../../commands/suggest.ts';
import { findMetric, metricNames } from '../../metrics/catalog.ts';
import { canonicalTimeZone, isValidTimeZone, timeZoneNames } from '../../time/time-zone.ts';
import type { Cadence } from '../schedule.ts';
import { weekdayNames } from '../schedule.ts';

/** A digest as typed after `digest add` (or `digest preview`), checked for form; bots are checked against the database later. */
export interface DigestArgs {
  cadence: Cadence;
  weekday?: number;
  time?: { hour: number; minute: number };
  timeZone?: string;
  bots: string[];
  metrics: string[];
}

const botId = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const timeLike = /^\d{1,2}([:.h]\d{1,2})?\s*(am|pm)?$/i;
const strictTime = /^(\d{1,2}):(\d{2})$/;
const optionKeys = ['tz', 'metrics'] as const;
const dayHelp = 'mon, tue, wed, thu, fri, sat or sun';
const shown = (word: string) => JSON.stringify(word.length > 40 ? `${word.slice(0, 40)}…` : word);

/**
 * Parses `daily 09:00 [tz:Zone] [bot…] [metrics:a,b]` or `weekly mon 09:00 …`. Returns what is
 * wrong, in words that name the mistake and show the right form. The time may be left out when
 * `requireTime` is false (previews).
 */
export function parseDigestArgs(args: readonly string[], options: { requireTime: boolean }): DigestArgs | { error: string } {
  const words = [...args];
  const first = words.shift();
  if (first === undefined) return { error: 'say how often: digest add daily 09:00 … or digest add weekly mon 09:00 …' };
  const cadence = first.toLowerCase();
  if (cadence !== 'daily' && cadence !== 'weekly') {
    const guess = nearest(cadence, ['daily', 'weekly']);
    return { error: `unknown schedule ${shown(first)}${guess ? ` — did you mean ${guess}?` : ''}; a digest is daily or weekly` };
  }
  const parsed: DigestArgs = { cadence, bots: [], metrics: [] };

  if (cadence === 'weekly') {
    const day = words[0] === undefined ? undefined : weekdayNumber(words[0]);
    if (day !== undefined) {
      parsed.weekday = day;
      words.shift();
    } else if (options.requireTime) {
      if (words[0] === undefined || timeLike.test(words[0])) return { error: `a weekly digest needs a day: ${dayHelp} (e.g. digest add weekly mon 09:00)` };
      const guess = nearest(words[0].toLowerCase(), weekdayNames);
      return { error: `${shown(words[0])} is not a day of the week${guess ? ` — did you mean ${guess}?` : ''}; use ${dayHelp}` };
    }
  }

  if (words[0] !== undefined && timeLike.test(words[0])) {
    const time = parseTime(words.shift()!);
    if ('error' in time) return time;
    parsed.time = time;
  } else if (options.requireTime) {
    return { error: `say when: a time of day as HH:MM (24-hour) after ${cadence === 'weekly' ? 'the day' : 'daily'}, e.g. digest add ${cadence === 'weekly' ? 'weekly mon' : 'daily'} 09:00` };
  }

  for (const word of words) {
    const colon = word.indexOf(':');
    if (colon > 0 && !timeLike.test(word)) {
      const key = word.slice(0, colon).toLowerCase();
      const value = word.slice(colon + 1);
      if (key === 'tz') {
        if (parsed.timeZone !== undefined) return { error: 'two time zones given; give one tz:' };
        const zone = parseZone(value);
        if ('error' in zone) return zone;
        parsed.timeZone = zone.zone;
      } else if (key === 'metrics' || key === 'metric') {
        const metrics = parseMetrics(value);
        if ('error' in metrics) return metrics;
        parsed.metrics.push(...metrics.ids.filter((id) => !parsed.metrics.includes(id)));
      } else {
        const guess = nearest(key, optionKeys);
        return { error: `unknown option ${shown(`${key}:`)}${guess ? ` — did you mean ${guess}:?` : ''}; a digest takes tz:<IANA zone> and metrics:<metric,metric>` };
      }
      continue;
    }
    if (timeLike.test(word)) return { error: `${shown(word)}: give one time of day, right after ${cadence === 'weekly' ? 'the day' : 'daily'}` };
    const bot = word.toLowerCase();
    if (!botId.test(bot)) return { error: `${shown(word)} is not a bot id, tz: or metrics:` };
    if (!parsed.bots.includes(bot)) parsed.bots.push(bot);
  }
  return parsed;
}

function weekdayNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w.length < 3) return undefined;
  const index = weekdayNames.findIndex((d) => w.startsWith(d) && ['', 'day', 'sday', 'nesday', 'rsday', 'urday'].includes(w.slice(3)));
  return index === -1 ? undefined : index + 1;
}

function parseTime(word: string): { hour: number; minute: number } | { error: string } {
  const match = strictTime.exec(word);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match === null || hour > 23 || minute > 59) return { error: `${shown(word)} is not a time of day; use HH:MM in 24-hour time, e.g. 09:00 or 17:30` };
  return { hour, minute };
}

function parseZone(value: string): { zone: string } | { error: string } {
  if (value === '') return { error: 'tz: needs a zone, e.g. tz:Europe/Berlin' };
  if (isValidTimeZone(value)) return { zone: canonicalTimeZone(value) };
  const names = timeZoneNames();
  const city = names.find((n) => n.split('/').at(-1)?.toLowerCase() === value.toLowerCase().replace(/ /g, '_'));
  const guess = city ?? nearest(value, names);
  return { error: `unknown time zone ${shown(value)}${guess ? ` — did you mean ${guess}?` : ''}; use an IANA name such as Europe/Berlin or America/New_York` };
}

function parseMetrics(value: string): { ids: string[] } | { error: string } {
  const names = value.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  if (names.length === 0) return { error: 'metrics: needs metric names, e.g. metrics:handoff,csat (/botwatch metrics lists them)' };
  const ids: string[] = [];
  for (const name of names) {
    const metric = findMetric(name);
    if (metric === undefined) {
      const guess = nearest(name, metricNames());
      return { error: `unknown metric ${shown(name)}${guess ? ` — did you mean ${findMetric(guess)?.id ?? guess}?` : ''} (/botwatch metrics lists them)` };
    }
    ids.push(metric.id);
  }
  return { ids };
}

/** `3` or `#3` → 3. */
export function parseDigestId(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  const match = /^#?(\d{1,12})$/.exec(word);
  return match ? Number(match[1]) : undefined;
}
