import type { Phrase, Piece } from './piece.ts';

type CommandName = Extract<Piece, { kind: 'command' }>['name'];
const command = (name: CommandName): Piece => ({ kind: 'command', name });

const named: [string, CommandName][] = [
  ['summary|overview|stats|statistics|report|dashboard|kpis|kpi|snapshot|status|performance|numbers at a glance|headline numbers|key metrics', 'summary'],
  ['funnel|funnels|flow steps|steps of the flow|step by step|where they drop off', 'funnel'],
  ['outcomes|outcome|how conversations end|how conversations ended|conversations end|conversations ended|results of conversations|conversation outcomes', 'outcomes'],
  ['channels|channel health|delivery by channel|channel delivery', 'channels'],
  ['compare|comparison|versus|vs|compared to|compared with|against', 'compare'],
  ['intents|topics|top intents|top topics|most common intents|most common topics|most common questions|popular intents|popular topics|what people ask|what users ask|what customers ask|what are people asking|what are users asking|what are customers asking|what do people ask|what do users ask|what do customers ask|people asking about|users asking about', 'intents'],
  ['which bots|what bots|list bots|known bots|list of bots', 'bots'],
  ['which metrics|what metrics|list metrics|list of metrics|available metrics|what can you measure', 'metrics'],
  ['help|what can you do|how do i use you|commands', 'help'],
];

/** Command words and the phrases that mean them ("overview", "top intents", "compared to"). */
export const commandPhrases: Phrase[] = named.flatMap(([alternatives, name]) =>
  alternatives.split('|').map((alternative) => ({ words: alternative.split(' '), piece: () => command(name) })),
);
