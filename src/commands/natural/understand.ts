import type { Command, CommandMistake } from '../command.ts';
import { formatCommand } from '../format-command.ts';
import { parseCommand } from '../parse-command.ts';
import { tokenize } from '../tokenize.ts';
import { generalUsage } from '../usage.ts';
import { commandPhrases } from './command-phrases.ts';
import { fillerWords } from './fillers.ts';
import { groupingPhrases } from './grouping-phrases.ts';
import type { InterpretOptions } from './interpret.ts';
import { interpret } from './interpret.ts';
import { metricPhrases } from './metric-phrases.ts';
import type { Phrase } from './piece.ts';
import { windowPhrases } from './window-phrases.ts';

/** What a person's text was understood as. */
export type Understood =
  | {
      kind: 'command';
      command: Command;
      /** The canonical form, when the text was read in plain words rather than the exact grammar. */
      canonical?: string;
    }
  | { kind: 'mistake'; mistake: CommandMistake }
  | { kind: 'ask'; phrase: string; readings: { label: string; text: string }[] };

/** Words of the plain-language vocabulary: a command that took one of them for a bot misread it. */
const vocabulary: ReadonlySet<string> = (() => {
  const words = new Set(fillerWords);
  // The words of window phrases do not depend on the clock.
  const phrases: Phrase[] = [...commandPhrases, ...metricPhrases, ...windowPhrases({ now: new Date(0), timeZone: 'UTC' }), ...groupingPhrases];
  for (const phrase of phrases) for (const m of phrase.words) if (typeof m === 'string') for (const w of m.split('|')) words.add(w);
  return words;
})();

const botsOf = (command: Command): string[] => {
  switch (command.name) {
    case 'summary':
    case 'metric':
    case 'funnel':
    case 'outcomes':
    case 'channels':
    case 'intents':
    case 'list':
      return command.scope.bots;
    default:
      return [];
  }
};

function canonicalReading(reading: { label: string; text: string }): { label: string; text: string }[] {
  const parsed = parseCommand(reading.text);
  return parsed.name === 'mistake' ? [] : [{ label: reading.label, text: formatCommand(parsed) }];
}

/**
 * Understands command text: the exact grammar first (it is canonical and parses to itself); when
 * that fails, or took ordinary words for bot ids, the text is read in plain words and the result
 * given with its canonical form, or a choice is offered when a phrase has two readings. Never throws.
 */
export function understandCommand(input: unknown, options: InterpretOptions): Understood {
  const exact = parseCommand(input);
  try {
    const words = vocabulary;
    // "conversation duration for support-bot" is a metric, not the conversation with id "duration".
    const misreadBots = exact.name === 'mistake' ? [] : exact.name === 'conversation' && words.has(exact.id.toLowerCase()) ? [exact.id] : botsOf(exact).filter((b) => words.has(b) && !(options.knownBots ?? []).includes(b));
    if (exact.name !== 'mistake') {
      const known = options.knownBots !== undefined && options.knownBots.length > 0 ? new Set(options.knownBots) : undefined;
      if (misreadBots.length === 0 && botsOf(exact).every((b) => (known ? known.has(b) : !words.has(b)))) return { kind: 'command', command: exact };
    }
    const tokens = tokenize(input);
    const read = interpret(tokens, options);
    if (read.kind === 'ask') return { ...read, readings: read.readings.flatMap((r) => canonicalReading(r)) };
    if (read.kind === 'command') {
      const parsed = parseCommand(read.text);
      if (parsed.name === 'mistake') return exact.name === 'mistake' && !exact.message.startsWith('unknown command') ? { kind: 'mistake', mistake: exact } : { kind: 'mistake', mistake: parsed };
      const canonical = formatCommand(parsed);
      return { kind: 'command', command: parsed, ...(canonical.toLowerCase() === tokens.join(' ').toLowerCase() ? {} : { canonical }) };
    }
    if (exact.name !== 'mistake' && misreadBots.length === 0) return { kind: 'command', command: exact };
    if (read.kind === 'unknown' && (exact.name !== 'mistake' || !/did you mean/.test(exact.message))) {
      const hint = read.suggestion === undefined ? '' : ` — did you mean ${read.suggestion}?`;
      return { kind: 'mistake', mistake: { name: 'mistake', message: `I did not understand ${JSON.stringify(read.word.slice(0, 40))}${hint}`, usage: generalUsage } };
    }
    return exact.name === 'mistake' ? { kind: 'mistake', mistake: exact } : { kind: 'command', command: exact };
  } catch {
    return exact.name === 'mistake' ? { kind: 'mistake', mistake: exact } : { kind: 'command', command: exact };
  }
}
