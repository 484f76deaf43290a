import { nearest } from '../commands/suggest.ts';
import { formatSeconds } from '../metrics/format.ts';
import { parseDuration } from '../time/durations.ts';
import type { RuleFilter } from './alert-rule.ts';
import { ruleDefaults } from './rule-defaults.ts';

const day = 86_400;
const botId = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const fail = (error: string): { error: string } => ({ error });
export const shown = (word: string) => JSON.stringify(word.length > 40 ? `${word.slice(0, 40)}…` : word);

/** The `key:value` options and the bot id of an `alert add`, or what is wrong with them. */
export function readOptions(
  words: readonly string[],
  allowed: readonly string[],
  knownBots: string[],
): { values: Partial<Record<string, string>>; bot: string | null; filter: RuleFilter } | { error: string } {
  const values: Partial<Record<string, string>> = {};
  const filter: RuleFilter = { versions: [], channels: [], intents: [], flows: [] };
  const filterKey = { version: 'versions', channel: 'channels', intent: 'intents', flow: 'flows' } as const;
  let bot: string | null = null;
  for (const word of words) {
    const colon = word.indexOf(':');
    if (colon > 0) {
      const key = word.slice(0, colon).toLowerCase();
      const value = word.slice(colon + 1);
      if (!allowed.includes(key)) {
        const guess = nearest(key, allowed);
        return fail(`unknown option ${shown(`${key}:`)}${guess ? ` — did you mean ${guess}:?` : ''} (options: ${allowed.map((k) => `${k}:`).join(' ')})`);
      }
      if (value === '') return fail(`${key}: needs a value`);
      if (key in filterKey) {
        const list = filter[filterKey[key as keyof typeof filterKey]];
        list.push(key === 'channel' ? value.toLowerCase() : value);
        continue;
      }
      if (key === 'score') {
        if (filter.score !== undefined) return fail('score: is given twice; a score_avg alert watches one score');
        filter.score = value;
        continue;
      }
      if (values[key] !== undefined) return fail(`${key}: is given twice; give it once`);
      values[key] = value;
      continue;
    }
    const lower = word.toLowerCase();
    if (!botId.test(lower)) return fail(`${shown(word)} is not a bot id or an option (options: ${allowed.map((k) => `${k}:`).join(' ')})`);
    if (bot !== null) return fail(`one bot per alert: ${bot} and ${lower} were both given (add one alert per bot, or none for all bots together)`);
    if (!knownBots.includes(lower)) {
      const guess = nearest(lower, knownBots);
      return fail(`unknown bot ${shown(lower)}${guess ? ` — did you mean ${guess}?` : ''}${knownBots.length > 0 ? ` (known: ${knownBots.join(', ')})` : ' (no bot has sent events yet)'}`);
    }
    bot = lower;
  }
  return { values, bot, filter };
}

/** A duration option within bounds, in seconds, or what is wrong with it. */
export function durationIn(text: string, key: string, minSeconds: number, maxSeconds: number): number | string {
  const seconds = parseDuration(text);
  if (seconds === undefined) return `${key}:${text} is not a duration; give e.g. ${key}:${key === 'for' ? '5m' : '1h'} (s, m, h, d)`;
  if (seconds <= 0 && minSeconds > 0) return `${key}:${text} — the ${key === 'window' ? 'window' : 'period'} must be longer than zero`;
  if (seconds < minSeconds) return `${key}:${text} is too short; at least ${formatSeconds(minSeconds)}`;
  if (seconds > maxSeconds) return `${key}:${text} is too long; at most ${formatSeconds(maxSeconds)}`;
  return seconds;
}

export function parseRenotify(text: string | undefined): number | string {
  if (text === undefined) return ruleDefaults.renotifySeconds;
  if (['off', 'never', 'no', '0'].includes(text.toLowerCase())) return 0;
  return durationIn(text, 'renotify', 300, 7 * day);
}
