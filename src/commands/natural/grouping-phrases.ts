import type { Phrase } from './piece.ts';

const dimensions: Record<string, string> = {
  hour: 'hour', hours: 'hour', day: 'day', days: 'day', date: 'day', week: 'week', weeks: 'week',
  channel: 'channel', channels: 'channel', version: 'version', versions: 'version', release: 'version', releases: 'version',
  intent: 'intent', intents: 'intent', topic: 'intent', topics: 'intent', bot: 'bot', bots: 'bot',
  model: 'model', models: 'model', provider: 'provider', providers: 'provider', score: 'score', scores: 'score',
};
const dimensionWords = Object.keys(dimensions).join('|');
const by = (value: string | undefined) => (value === undefined ? undefined : { kind: 'by' as const, value });

/** Groupings in words: `by channel`, `per version`, `by day`, `daily`, `hour by hour`, `for each bot`. */
export const groupingPhrases: Phrase[] = [
  { words: ['by|per', dimensionWords], piece: ([, d]) => by(dimensions[d!]) },
  { words: ['by|per', 'each|every', dimensionWords], piece: ([, , d]) => by(dimensions[d!]) },
  { words: ['for|in', 'each|every', dimensionWords], piece: ([, , d]) => by(dimensions[d!]) },
  { words: ['broken', 'down', 'by|per', dimensionWords], piece: ([, , , d]) => by(dimensions[d!]) },
  { words: ['hourly'], piece: () => by('hour') },
  { words: ['daily'], piece: () => by('day') },
  { words: ['weekly'], piece: () => by('week') },
  { words: ['hour|day|week', 'by', 'hour|day|week'], piece: ([a, , b]) => (a === b ? by(a) : undefined) },
];
