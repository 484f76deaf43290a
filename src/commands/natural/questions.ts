import type { Piece } from './piece.ts';

type CommandName = Extract<Piece, { kind: 'command' }>['name'];

/** What a question asks for, and the words left to read (bots, windows, filters). */
export interface Question {
  command: CommandName;
  /** The words the question did not use, in order. */
  rest: string[];
  /** `is B worse than A`: the sides are named newest first, compare reads oldest first. */
  swapSides?: boolean;
  /** A "how is … doing" question: a metric named in it wins over the summary. */
  weak?: boolean;
}

const dropWords = 'drop(?:s|ping|ped)? ?off|drop(?:s|ping|ped)? ?out|give up|giving up|gives up|lose|losing|leave|leaving|abandon(?:s|ing)?|quit(?:s|ting)?|get stuck|getting stuck|stop|stopping|fall off|falling off|bail|bailing';
const users = '(?:users|people|customers|visitors|we|they|folks|most users|most people)';

const patterns: { re: RegExp; command: CommandName; swapSides?: boolean; weak?: boolean }[] = [
  { re: new RegExp(`\\b(?:where|at which step|at what step|which step|what step|in which step|at which point|which steps)\\b(?: (?:do|does|did|are|is|were|was))?(?: ${users})?(.*?)\\b(?:${dropWords})\\b`), command: 'funnel' },
  { re: /\b(?:is|are|was|were|does|did|has|have)\b(.*?)\b(?:(?:doing|performing) )?(?:worse|better|different|slower|faster|higher|lower)\b(?: (?:than|from|compared to|compared with|vs|versus|against))(.*)/, command: 'compare', swapSides: true },
  { re: /\b(?:did|has|have|does)\b(.*?)\b(?:improve|improved|regress|regressed|get worse|got worse|get better|got better|beat|beaten)\b(?: (?:on|over|from|compared to|vs|against|than))?(.*)/, command: 'compare', swapSides: true },
  { re: /\b(?:difference|differences|diff) (?:between|of)\b(.*)/, command: 'compare' },
  { re: /\bhow(?:'s|s)?\b(.*?)\b(?:doing|performing|perform|performed|going|faring|getting on|looking|look|looks|do|did)\b/, command: 'summary', weak: true },
];

/**
 * Reads question forms that a word-by-word reading would miss: "where do users drop off in X"
 * (funnel), "is 3.3.0 worse than 3.2.0" (compare, oldest first), "how is X doing" (summary).
 */
export function readQuestion(words: readonly string[]): Question | undefined {
  const sentence = words.join(' ');
  for (const { re, command, swapSides, weak } of patterns) {
    const match = re.exec(sentence);
    if (match === null) continue;
    const before = sentence.slice(0, match.index);
    const after = sentence.slice(match.index + match[0].length);
    const kept = match.slice(1).filter((g): g is string => g !== undefined).join(' ');
    const rest = `${before} ${kept} ${after}`.split(' ').filter((w) => w.length > 0);
    return { command, rest, ...(swapSides ? { swapSides } : {}), ...(weak ? { weak } : {}) };
  }
  return undefined;
}
