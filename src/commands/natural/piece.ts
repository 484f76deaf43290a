/** What a word or phrase of a question was understood as. */
export type Piece =
  | { kind: 'command'; name: 'summary' | 'funnel' | 'outcomes' | 'channels' | 'compare' | 'intents' | 'list' | 'bots' | 'metrics' | 'help' }
  | { kind: 'metric'; id: string }
  | { kind: 'window'; token: string }
  | { kind: 'by'; value: string }
  | { kind: 'filter'; key: 'version' | 'channel' | 'intent' | 'flow' | 'tz'; value: string }
  | { kind: 'version'; value: string }
  | { kind: 'bot'; id: string; version?: string }
  /** A named score ("faithfulness score"): score_avg with score:<name>. */
  | { kind: 'score'; name: string }
  | { kind: 'ambiguous'; phrase: string; readings: Piece[] }
  | { kind: 'filler' };

/** One word of a phrase: a word (`a|b` for alternatives) or a pattern. */
export type Matcher = string | RegExp;

/** A run of words and what it means; `piece` may refuse (undefined) after a closer look. */
export interface Phrase {
  words: readonly Matcher[];
  /** `matched` is lower-cased; `original` is as typed (names of intents, flows, versions keep their case). */
  piece: (matched: string[], original: string[]) => Piece | undefined;
}

function matches(matcher: Matcher, word: string): boolean {
  return typeof matcher === 'string' ? matcher.split('|').includes(word) : matcher.test(word);
}

/** The longest phrase that starts at `at`, with how many words it takes. */
export function longestPhrase(words: readonly string[], original: readonly string[], at: number, phrases: readonly Phrase[]): { piece: Piece; length: number } | undefined {
  let best: { piece: Piece; length: number } | undefined;
  for (const phrase of phrases) {
    const n = phrase.words.length;
    if (at + n > words.length || (best && best.length >= n)) continue;
    const slice = words.slice(at, at + n);
    if (!phrase.words.every((m, i) => matches(m, slice[i]!))) continue;
    const piece = phrase.piece(slice, original.slice(at, at + n));
    if (piece) best = { piece, length: n };
  }
  return best;
}
