import { findMetric, metricNames } from '../../metrics/catalog.ts';
import { commandNames } from '../parse-command.ts';
import { nearest } from '../suggest.ts';
import { commandPhrases } from './command-phrases.ts';
import { filterPhrases } from './filter-phrases.ts';
import { fillerWords } from './fillers.ts';
import { groupingPhrases } from './grouping-phrases.ts';
import { metricPhrases } from './metric-phrases.ts';
import type { Phrase, Piece } from './piece.ts';
import { longestPhrase } from './piece.ts';
import { readQuestion } from './questions.ts';
import { windowPhrases } from './window-phrases.ts';

/** What a question was read as: command text in the exact grammar, a choice to offer, or nothing. */
export type Interpretation =
  | { kind: 'command'; text: string }
  | { kind: 'ask'; phrase: string; readings: { label: string; text: string }[] }
  | { kind: 'unknown'; word: string; suggestion?: string }
  | { kind: 'none' };

export interface InterpretOptions {
  now: Date;
  timeZone: string;
  /** Bots that have sent events; when given, other words are not taken for bots. */
  knownBots?: readonly string[];
}

const slug = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const exactFilter = /^(version|channel|intent|flow|tz|by|band|score):./i;

/** Cleans a word: surrounding quotes and punctuation, a possessive `'s`. */
function clean(word: string): string {
  if (exactFilter.test(word)) return word;
  return word.replace(/^[("'`[]+/, '').replace(/[?!.,;)"'`\]]+$/, '').replace(/'s$/i, '');
}

type Scanned = Piece | { kind: 'raw'; token: string } | { kind: 'unknown'; word: string };

function scan(words: string[], original: string[], options: InterpretOptions): Scanned[] {
  const phrases: Phrase[] = [...commandPhrases, ...metricPhrases, ...windowPhrases(options), ...groupingPhrases, ...filterPhrases];
  const known = options.knownBots !== undefined && options.knownBots.length > 0 ? new Set(options.knownBots) : undefined;
  const pieces: Scanned[] = [];
  for (let i = 0; i < words.length; ) {
    const word = words[i]!;
    const next = words[i + 1];
    if (exactFilter.test(word)) {
      pieces.push({ kind: 'raw', token: original[i]! });
      i++;
      continue;
    }
    const at = word.indexOf('@');
    if (at > 0 && slug.test(word.slice(0, at)) && word.length > at + 1) {
      pieces.push({ kind: 'bot', id: word.slice(0, at), version: original[i]!.slice(at + 1) });
      i++;
      continue;
    }
    // "support bot" for the known bot support-bot.
    const joined = next === undefined ? undefined : [`${word}-${next}`, `${word}_${next}`].find((j) => known?.has(j));
    if (joined !== undefined) {
      pieces.push({ kind: 'bot', id: joined });
      i += 2;
      continue;
    }
    if (known?.has(word)) {
      pieces.push({ kind: 'bot', id: word });
      i++;
      continue;
    }
    const phrase = longestPhrase(words, original, i, phrases);
    if (phrase !== undefined) {
      pieces.push(phrase.piece);
      i += phrase.length;
      continue;
    }
    if (fillerWords.has(word)) pieces.push({ kind: 'filler' });
    else if (known === undefined && slug.test(word)) pieces.push({ kind: 'bot', id: word });
    else pieces.push({ kind: 'unknown', word: original[i]! });
    i++;
  }
  return pieces;
}

function suggestFor(word: string, knownBots: readonly string[] = []): string | undefined {
  const guess = nearest(word, [...commandNames, ...metricNames(), ...knownBots]);
  return guess === undefined ? undefined : (findMetric(guess)?.id ?? guess);
}

const of = <K extends Scanned['kind']>(pieces: Scanned[], kind: K) => pieces.filter((p): p is Extract<Scanned, { kind: K }> => p.kind === kind);

/**
 * Reads a question in plain words ("handoff rate for support-bot last week by channel") as a
 * command of the exact grammar ("handoff support-bot last-week by:channel"). The caller parses
 * that text with the exact parser, so whatever is understood here is also a valid short form.
 */
export function interpret(tokens: readonly string[], options: InterpretOptions): Interpretation {
  const original = tokens.map(clean).filter((w) => w.length > 0);
  const caseOf = new Map<string, string>();
  for (const w of original) if (!caseOf.has(w.toLowerCase())) caseOf.set(w.toLowerCase(), w);
  const lower = original.map((w) => w.toLowerCase());
  const question = readQuestion(lower);
  const words = question?.rest ?? lower;
  const pieces = scan(words, words.map((w) => caseOf.get(w) ?? w), options);

  const unknown = of(pieces, 'unknown')[0];
  if (unknown !== undefined) return { kind: 'unknown', word: unknown.word, ...withSuggestion(unknown.word, options.knownBots) };

  const commands = of(pieces, 'command').map((p) => p.name);
  // "average faithfulness score": the score mean of that name.
  const scores = of(pieces, 'score');
  const named = [...new Set([...of(pieces, 'metric').map((p) => p.id), ...scores.map(() => 'score_avg')])];
  // "share of conversations handed off": beside another metric, conversations and users are nouns.
  const metrics = named.length > 1 ? named.filter((id) => id !== 'conversations' && id !== 'users') : named;
  const ambiguous = of(pieces, 'ambiguous')[0];
  const bots = of(pieces, 'bot');
  const versions = [...of(pieces, 'version').map((p) => p.value)];
  const filters = of(pieces, 'filter');
  const scopeTokens = [
    ...of(pieces, 'window').map((p) => p.token),
    ...filters.map((f) => `${f.key}:${f.value}`),
    ...scores.slice(0, 1).map((s) => `score:${s.name}`),
    ...of(pieces, 'raw').map((p) => p.token),
  ];
  const groupings = of(pieces, 'by').map((p) => `by:${p.value}`);

  let command = question?.command ?? commands.find((c) => c !== 'summary') ?? commands[0];
  if (question?.weak && commands.some((c) => c !== 'summary')) command = commands.find((c) => c !== 'summary');
  if (command === 'compare') return readCompare(bots, [...versions, ...filters.filter((f) => f.key === 'version').map((f) => f.value)], scopeTokens.filter((t) => !t.startsWith('version:')), question?.swapSides ?? false, options);
  if (command === 'help' || command === 'bots' || command === 'metrics') return { kind: 'command', text: command };

  const scope = [...bots.map((b) => b.id), ...scopeTokens, ...versions.map((v) => `version:${v}`), ...(question?.outcome ? [`outcome:${question.outcome}`] : [])];
  if (command !== undefined && command !== 'summary' && command !== undefined) return { kind: 'command', text: [command, ...scope].join(' ') };
  if (metrics.length === 0 && ambiguous?.kind === 'ambiguous') {
    return { kind: 'ask', phrase: ambiguous.phrase, readings: ambiguous.readings.flatMap((r) => (r.kind === 'metric' ? [{ label: findMetric(r.id)?.name ?? r.id, text: [r.id, ...scope, ...groupings].join(' ') }] : [])) };
  }
  if (metrics.length > 1) {
    return { kind: 'ask', phrase: metrics.map((id) => findMetric(id)?.short ?? id).join(' and '), readings: metrics.map((id) => ({ label: findMetric(id)?.name ?? id, text: [id, ...scope, ...groupings].join(' ') })) };
  }
  if (metrics[0] !== undefined) return { kind: 'command', text: [metrics[0], ...scope, ...groupings].join(' ') };
  if (command === 'summary' || scope.length > 0) {
    // Grouping without a metric: the volume, grouped ("support-bot by channel").
    return { kind: 'command', text: groupings.length > 0 ? ['conversations', ...scope, ...groupings].join(' ') : ['summary', ...scope].join(' ') };
  }
  return { kind: 'none' };
}

function withSuggestion(word: string, knownBots?: readonly string[]): { suggestion?: string } {
  const suggestion = suggestFor(word.toLowerCase(), knownBots);
  return suggestion === undefined ? {} : { suggestion };
}

function readCompare(bots: { id: string; version?: string }[], versions: string[], scope: string[], swap: boolean, options: InterpretOptions): Interpretation {
  const sides = (a: string, b: string): Interpretation => ({ kind: 'command', text: ['compare', ...(swap ? [b, a] : [a, b]).flatMap((s, i) => (i === 0 ? [s] : ['vs', s])), ...scope].join(' ') });
  const at = (bot: { id: string; version?: string }) => (bot.version ? `${bot.id}@${bot.version}` : bot.id);
  if (bots.length >= 2) {
    const [a, b] = bots as [typeof bots[0], typeof bots[0]];
    const withVersion = (bot: typeof a, i: number) => (bot.version === undefined && versions[i] !== undefined ? { ...bot, version: versions[i] } : bot);
    return sides(at(withVersion(a, 0)), at(withVersion(b, 1)));
  }
  if (bots.length === 1 && bots[0]!.version !== undefined && versions.length === 1) return sides(at(bots[0]!), `${bots[0]!.id}@${versions[0]}`);
  if (versions.length === 2) {
    const [va, vb] = versions as [string, string];
    const bot = bots[0]?.id ?? (options.knownBots?.length === 1 ? options.knownBots[0] : undefined);
    if (bot !== undefined) return sides(`${bot}@${va}`, `${bot}@${vb}`);
    const candidates = (options.knownBots ?? []).slice(0, 5);
    if (candidates.length > 1) {
      return { kind: 'ask', phrase: `versions ${va} and ${vb}`, readings: candidates.map((b) => ({ label: `of ${b}`, text: ['compare', ...(swap ? [`${b}@${vb}`, 'vs', `${b}@${va}`] : [`${b}@${va}`, 'vs', `${b}@${vb}`]), ...scope].join(' ') })) };
    }
  }
  return { kind: 'command', text: ['compare', ...bots.map(at), ...versions.map((v) => `@${v}`), ...scope].join(' ') };
}
