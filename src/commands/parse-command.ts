import { findMetric, metricCatalog, metricNames } from '../metrics/catalog.ts';
import { looksLikeWindow, parseWindow } from '../time/windows.ts';
import { isValidTimeZone } from '../time/time-zone.ts';
import type { Command, CommandMistake, CompareSide, Grouping, Scope } from './command.ts';
import { outcomes } from '../metrics/drill-down/fates.ts';
import type { Outcome } from '../metrics/drill-down/fates.ts';
import { bandMistake, takeBandOption } from './band-option.ts';
import { nearest } from './suggest.ts';
import { tokenize } from './tokenize.ts';
import { commandUsage, filterHelp, generalUsage, windowHelp } from './usage.ts';

/** The command words (besides metric names); the console completes them. */
export const commandNames = ['help', 'metrics', 'bots', 'summary', 'funnel', 'outcomes', 'channels', 'compare', 'digest', 'alert', 'intents', 'list', 'conversation', 'anomalies'] as const;
/** What `by:` accepts. */
export const groupings = ['hour', 'day', 'week', 'channel', 'version', 'intent', 'bot', 'model', 'provider', 'score'] as const;
/** Filter words (`key:value`). */
export const filterKeys = ['version', 'channel', 'intent', 'flow', 'tz', 'by', 'score'] as const;
const botId = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const mistake = (message: string, usage = generalUsage): CommandMistake => ({ name: 'mistake', message, usage });
const shown = (word: string) => JSON.stringify(word.length > 40 ? `${word.slice(0, 40)}…` : word);

/**
 * Parses `/botwatch …` text (with or without the `/botwatch` prefix) into a command, or says
 * what is wrong with it: the unknown word named, the nearest metric suggested, usage shown.
 * One parser for Slack, Teams and the terminal. Never throws, whatever the input.
 */
export function parseCommand(input: unknown): Command | CommandMistake {
  try {
    return parseWords(tokenize(input));
  } catch {
    return mistake('sorry, that command could not be read');
  }
}

function parseWords(words: string[]): Command | CommandMistake {
  const [first, ...rest] = words;
  if (first === undefined) return { name: 'help' };
  const head = first.toLowerCase();
  switch (head) {
    case 'help':
    case '?':
    case '-h':
    case '--help':
      return { name: 'help', ...(rest[0] ? { topic: rest[0].toLowerCase() } : {}) };
    case 'metrics':
    case 'bots':
      return rest.length === 0 ? { name: head } : mistake(`"${head}" takes no arguments; unexpected ${shown(rest[0] ?? '')}`, commandUsage[head]);
    case 'summary':
    case 'funnel':
    case 'outcomes':
    case 'channels': {
      const scope = parseScope(rest, head, { allowBy: false });
      return 'message' in scope ? scope : { name: head, scope: scope.scope };
    }
    case 'intents':
    case 'topics': {
      const scope = parseScope(rest, 'intents', { allowBy: false });
      return 'message' in scope ? scope : { name: 'intents', scope: scope.scope };
    }
    case 'list':
      return parseList(rest);
    case 'anomalies':
    case 'unusual': {
      const scope = parseScope(rest, 'anomalies', { allowBy: false });
      return 'message' in scope ? scope : { name: 'anomalies', scope: scope.scope };
    }
    case 'conversation': {
      const [id, bot, extra] = rest;
      if (id === undefined) return mistake('conversation needs an id, e.g. conversation c-123 support-bot', commandUsage.conversation);
      if (extra !== undefined || (bot !== undefined && !botId.test(bot.toLowerCase()))) return mistake('conversation takes an id and, optionally, a bot id', commandUsage.conversation);
      return { name: 'conversation', id, ...(bot !== undefined ? { bot: bot.toLowerCase() } : {}) };
    }
    case 'compare':
      return parseCompare(rest);
    case 'digest':
    case 'alert':
      return { name: head, action: (rest[0] ?? 'list').toLowerCase(), args: rest.slice(1) };
  }
  const metric = findMetric(head);
  if (metric !== undefined) {
    const option = takeBandOption(rest);
    if ('error' in option) return mistake(option.error, commandUsage.metric);
    const parsed = parseScope(option.rest, 'metric', { allowBy: true });
    if ('message' in parsed) return parsed;
    const bandProblem = option.band ? bandMistake(metric, parsed.by, parsed.scope) : undefined;
    if (bandProblem !== undefined) return mistake(bandProblem, commandUsage.metric);
    if ((parsed.by === 'model' || parsed.by === 'provider') && metric.groupsByModel !== true) {
      const groupable = metricCatalog.filter((m) => m.groupsByModel === true).map((m) => m.id);
      return mistake(`${metric.id} cannot be grouped by:${parsed.by} — it is not made of model calls alone; by:${parsed.by} works with ${groupable.join(', ')}`, commandUsage.metric);
    }
    const scoreProblem = scoreMistake(metric.id, parsed.scope, parsed.by);
    if (scoreProblem !== undefined) return mistake(scoreProblem, commandUsage.metric);
    return { name: 'metric', metric: metric.id, scope: parsed.scope, ...(parsed.by ? { by: parsed.by } : {}), ...(option.band ? { band: true } : {}) };
  }
  const guess = nearest(head, [...commandNames, ...metricNames()]);
  const suggestion = guess === undefined ? '' : ` — did you mean ${findMetric(guess)?.id ?? guess}?`;
  return mistake(`unknown command or metric ${shown(first)}${suggestion}`);
}

function parseScope(words: string[], command: string, options: { allowBy: boolean }): { scope: Scope; by?: Grouping } | CommandMistake {
  const usage = commandUsage[command] ?? generalUsage;
  const scope: Scope = { bots: [], versions: [], channels: [], intents: [], flows: [] };
  let by: Grouping | undefined;
  for (const word of words) {
    const colon = word.indexOf(':');
    if (colon > 0) {
      const key = word.slice(0, colon).toLowerCase();
      const value = word.slice(colon + 1);
      if (value === '') return mistake(`${key}: needs a value, e.g. ${key}:${key === 'tz' ? 'Europe/Berlin' : key === 'by' ? 'day' : 'web'}`, usage);
      switch (key) {
        case 'version':
          scope.versions.push(value);
          continue;
        case 'channel':
          scope.channels.push(value.toLowerCase());
          continue;
        case 'intent':
          scope.intents.push(value);
          continue;
        case 'flow':
          scope.flows.push(value);
          continue;
        case 'score':
          if (command !== 'metric' && command !== 'compare') return mistake(`score: is for score_avg (e.g. score_avg support-bot 7d score:faithfulness), not ${command}`, usage);
          if (scope.score !== undefined) return mistake(`two scores given (${scope.score} and ${value}); score_avg averages one — by:score lists them all`, usage);
          scope.score = value;
          continue;
        case 'tz':
          if (!isValidTimeZone(value)) return mistake(`unknown time zone ${shown(value)}; use an IANA name such as Europe/Berlin or America/New_York`, usage);
          scope.timeZone = value;
          continue;
        case 'by': {
          const group = value.toLowerCase();
          if (!options.allowBy) return mistake(`by: is not available for ${command}`, usage);
          if (!(groupings as readonly string[]).includes(group)) return mistake(`cannot group by ${shown(value)}; use by:${groupings.join('|by:')}`, usage);
          by = group as Grouping;
          continue;
        }
        default: {
          const guess = nearest(key, filterKeys);
          return mistake(`unknown filter ${shown(`${key}:`)}${guess ? ` — did you mean ${guess}:?` : ''}\n${filterHelp}`, usage);
        }
      }
    }
    const lower = word.toLowerCase();
    if (looksLikeWindow(lower)) {
      const checked = parseWindow(lower, { now: new Date(), timeZone: 'UTC' });
      if (checked !== undefined && 'error' in checked) return mistake(checked.error, `${usage}\n${windowHelp}`);
      if (scope.window !== undefined) return mistake(`two windows given (${scope.window} and ${lower}); give one`, `${usage}\n${windowHelp}`);
      scope.window = lower;
      continue;
    }
    if (botId.test(lower)) {
      scope.bots.push(lower);
      continue;
    }
    return mistake(`${shown(word)} is not a bot id, window or filter`, `${usage}\n${windowHelp}\n${filterHelp}`);
  }
  return { scope, ...(by ? { by } : {}) };
}

/** score: and by:score belong to score_avg, and together they would say two things. */
function scoreMistake(metricId: string, scope: Scope, by: Grouping | undefined): string | undefined {
  if (metricId !== 'score_avg') {
    if (by === 'score') return `${metricId} cannot be grouped by:score; by:score lists the named scores of score_avg (e.g. score_avg support-bot 7d by:score)`;
    if (scope.score !== undefined) return `score: selects the score that score_avg averages; it does not apply to ${metricId}`;
  }
  if (by === 'score' && scope.score !== undefined) return 'give score:<name> for one score or by:score for every score, not both';
  return undefined;
}

function parseSide(word: string | undefined, other?: CompareSide): CompareSide | undefined {
  if (word === undefined) return undefined;
  const [bot, version] = word.split('@', 2) as [string, string | undefined];
  const id = bot === '' ? other?.bot : bot.toLowerCase();
  if (id === undefined || !botId.test(id) || version === '') return undefined;
  return version === undefined ? { bot: id } : { bot: id, version };
}

function parseCompare(words: string[]): Command | CommandMistake {
  const usage = `${commandUsage.compare}\ne.g. /botwatch compare support-bot@3.2.0 vs support-bot@3.3.0 30d, or compare support-bot vs sales-bot 7d`;
  const vs = words.findIndex((w) => w.toLowerCase() === 'vs' || w.toLowerCase() === 'versus');
  if (vs !== 1) return mistake('compare needs two sides: A vs B', usage);
  const a = parseSide(words[0]);
  const b = parseSide(words[2], a);
  if (a === undefined || b === undefined) return mistake('each side of compare is a bot id, optionally @version (e.g. support-bot@3.3.0)', usage);
  if (a.bot === b.bot && a.version === b.version) return mistake('compare needs two different sides', usage);
  const parsed = parseScope(words.slice(3), 'compare', { allowBy: false });
  if ('message' in parsed) return parsed;
  if (parsed.scope.bots.length > 0) return mistake(`unexpected ${shown(parsed.scope.bots[0] ?? '')} after the two sides`, usage);
  return { name: 'compare', a, b, scope: parsed.scope };
}

/** `list [bot] [window] [metric:<id>] [outcome:<fate>] [step:<last step>] [filters]`: the drill-down. */
function parseList(words: string[]): Command | CommandMistake {
  const usage = commandUsage.list ?? generalUsage;
  const own: { metric?: string; outcome?: Outcome; step?: string } = {};
  const rest: string[] = [];
  for (const word of words) {
    const [key, value] = [word.slice(0, word.indexOf(':')).toLowerCase(), word.slice(word.indexOf(':') + 1)];
    if (key === 'metric') {
      const metric = findMetric(value);
      if (metric === undefined) {
        const guess = nearest(value, metricNames());
        return mistake(`unknown metric ${shown(value)}${guess ? ` — did you mean ${findMetric(guess)?.id ?? guess}?` : ''}`, usage);
      }
      own.metric = metric.id;
    } else if (key === 'outcome') {
      const outcome = outcomes.find((o) => o === value.toLowerCase());
      if (outcome === undefined) return mistake(`unknown outcome ${shown(value)}; use outcome:${outcomes.join('|')}`, usage);
      own.outcome = outcome;
    } else if (key === 'step') {
      if (value === '') return mistake('step: needs a value, e.g. step:checkout', usage);
      own.step = value;
    } else rest.push(word);
  }
  const parsed = parseScope(rest, 'list', { allowBy: false });
  if ('message' in parsed) return parsed;
  return { name: 'list', scope: parsed.scope, ...own };
}
