import type { Vocabulary } from '../feed-entry.ts';

/** One thing the command box can complete the current word to. */
export interface Suggestion {
  value: string;
  /** What it is: "metric · Human hand-off rate", "bot", "window"… */
  detail: string;
}

/** The word being typed (`start`–`end` in the text) and what it could become. */
export interface Completion {
  start: number;
  end: number;
  suggestions: Suggestion[];
}

const prefixes = ['/botwatch', 'botwatch', '@botwatch'];
const maxSuggestions = 8;

/**
 * What the word at `caret` could be completed to, from the command grammar: command words and
 * metrics first, then bots, windows, filters and `by:` groupings; sub-commands after `digest` and
 * `alert`. Plain function of the text, so it is tested without a browser.
 */
export function complete(text: string, caret: number, vocabulary: Vocabulary, options: { showAll?: boolean } = {}): Completion | undefined {
  const before = text.slice(0, caret);
  const start = before.search(/\S*$/);
  const afterCaret = /^\S*/.exec(text.slice(caret))?.[0] ?? '';
  const end = caret + afterCaret.length;
  const word = text.slice(start, caret).toLowerCase();
  const previous = text.slice(0, start).trim().split(/\s+/).filter(Boolean);
  if (previous.length === 0 && word.startsWith('/')) return finish(start, end, word, [{ value: '/botwatch', detail: 'botwatch command' }]);
  if (previous[0] !== undefined && prefixes.includes(previous[0].toLowerCase())) previous.shift();
  if (word === '' && options.showAll !== true) return undefined;
  return finish(start, end, word, candidates(previous.map((w) => w.toLowerCase()), word, vocabulary));
}

/** The text with the word replaced by `value` (and a space after it, unless it is a `key:`); the new caret. */
export function accept(text: string, completion: Completion, value: string): { text: string; caret: number } {
  const insert = value.endsWith(':') ? value : `${value} `;
  const rest = text.slice(completion.end).replace(/^\s+/, '');
  const next = `${text.slice(0, completion.start)}${insert}${rest}`;
  return { text: next, caret: completion.start + insert.length };
}

function candidates(previous: string[], word: string, v: Vocabulary): Suggestion[] {
  const head = previous[0];
  const commands = v.commands.map((c) => ({ value: c, detail: 'command' }));
  const metrics = v.metrics.flatMap((m) => [{ value: m.id, detail: `metric · ${m.name}` }, ...m.aliases.map((a) => ({ value: a, detail: `= ${m.id}` }))]);
  const bots = v.bots.map((b) => ({ value: b, detail: 'bot' }));
  const windows = v.windows.map((w) => ({ value: w, detail: 'window' }));
  const filters = v.filters.map((f) => ({ value: f, detail: f === 'by:' ? 'group by' : 'filter' }));
  if (head === undefined) return [...commands, ...metrics];
  if (word.startsWith('by:')) return v.groupings.map((g) => ({ value: `by:${g}`, detail: 'group by' }));
  if (word.includes(':')) return [];
  switch (head) {
    case 'help':
      return previous.length === 1 ? [...commands, ...metrics] : [];
    case 'metrics':
    case 'bots':
      return [];
    case 'digest':
    case 'alert':
      if (previous.length === 1) return (v.subcommands[head] ?? []).map((s) => ({ value: s, detail: `${head} sub-command` }));
      if (head === 'alert' && previous[1] === 'add' && previous.length === 2) return metrics;
      if (head === 'alert' && previous[1] === 'add' && previous.length === 3) return ['above', 'below'].map((d) => ({ value: d, detail: 'direction' }));
      return [...bots, ...windows];
    case 'compare':
      return [...bots, { value: 'vs', detail: 'compare with' }, ...windows];
    default:
      return [...bots, ...windows, ...filters];
  }
}

function finish(start: number, end: number, word: string, all: Suggestion[]): Completion | undefined {
  const seen = new Set<string>();
  const suggestions = all.filter((s) => {
    const fits = s.value.toLowerCase().startsWith(word) && s.value.toLowerCase() !== word && !seen.has(s.value);
    seen.add(s.value);
    return fits;
  });
  return suggestions.length === 0 ? undefined : { start, end, suggestions: suggestions.slice(0, maxSuggestions) };
}
