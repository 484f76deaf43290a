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
  /** "which conversations were handed off": the drill-down's `outcome:`. */
  outcome?: string;
}

const outcomeWords: Record<string, string> = {
  'handed off': 'handoff', 'handed over': 'handoff', escalated: 'handoff', 'transferred': 'handoff',
  'dropped off': 'dropped', 'dropped': 'dropped', 'dropped out': 'dropped',
  resolved: 'resolved', 'not resolved': 'unresolved', unresolved: 'unresolved',
  abandoned: 'abandoned', completed: 'completed', converted: 'converted', contained: 'contained',
  'in progress': 'in-progress', ongoing: 'in-progress', 'still open': 'in-progress', 'still going': 'in-progress',
};
const outcomeAlternatives = Object.keys(outcomeWords).sort((a, b) => b.length - a.length).join('|');
const listing = new RegExp(
  `\\b(?:(?:which|list(?: the| all)?|show(?: me)?(?: the| all)?|see(?: the)?|open(?: the)?) (?:conversations|chats)|(?:conversations|chats) (?:that|which|where))\\b(?: (?:that|which|where|who))?(?: (?:were|was|got|have been|are|is|did|went))?(?: (?:${outcomeAlternatives}))?\\b`,
);

/** "which conversations were handed off", "list the chats that dropped off": a drill-down. */
function readListing(sentence: string): Question | undefined {
  const match = listing.exec(sentence);
  if (match === null) return undefined;
  let said = Object.keys(outcomeWords).sort((a, b) => b.length - a.length).find((w) => new RegExp(`\\b${w}$`).test(match[0]));
  let after = sentence.slice(match.index + match[0].length);
  if (said === undefined) {
    // "list the conversations of support-bot that were abandoned": the outcome comes later.
    const later = new RegExp(`\\b(?:(?:that|which|who) )?(?:(?:were|was|got|are|is|have been) )?(${outcomeAlternatives})\\b`).exec(after);
    if (later !== null) {
      said = later[1];
      after = `${after.slice(0, later.index)} ${after.slice(later.index + later[0].length)}`;
    }
  }
  // "show me the conversations" alone asks for their number; only an outcome or "which"/"list" asks for the list.
  if (said === undefined && !/^(which|list)\b/.test(match[0])) return undefined;
  const rest = `${sentence.slice(0, match.index)} ${after}`.split(' ').filter((w) => w.length > 0);
  return { command: 'list', rest, ...(said ? { outcome: outcomeWords[said]! } : {}) };
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
  const list = readListing(sentence);
  if (list) return list;
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
