import type { Aggregates } from './aggregates.ts';
import type { AggregateRow } from './fact-aggregates.ts';
import { sumAggregates } from './fact-aggregates.ts';

/** One intent's conversations (by the first intent detected in each) now and in the previous window. */
export interface IntentVolume {
  intent: string;
  current: Aggregates;
  previous: Aggregates;
  /** Conversations ÷ all conversations of the window (those with no intent included). */
  share: number;
  /** (now − before) ÷ before; null when the intent was not seen before. */
  growth: number | null;
  /** Seen in this window and not in the previous one. */
  isNew: boolean;
}

export interface IntentRanking {
  /** By conversations, most first (ties by name). */
  intents: IntentVolume[];
  /** Conversations in the window with no intent detected. */
  withoutIntent: number;
  total: number;
  /** The intent that grew fastest against the previous window (at least `minPrevious` before). */
  fastestGrowing?: string;
}

/** Intents need this many conversations in the previous window before their growth is called. */
export const minPreviousForGrowth = 5;

/**
 * Ranks intents from aggregate rows grouped by first intent (current and previous period), with
 * each one's share of the window's conversations, its change, and the new and fastest-growing ones.
 */
export function rankIntents(rows: readonly AggregateRow[]): IntentRanking {
  const byIntent = new Map<string, { current: Aggregates[]; previous: Aggregates[] }>();
  let withoutIntent = 0;
  for (const row of rows) {
    if (row.group === null) {
      if (row.period === 'current') withoutIntent += row.aggregates.conversations;
      continue;
    }
    const entry = byIntent.get(row.group) ?? { current: [], previous: [] };
    entry[row.period].push(row.aggregates);
    byIntent.set(row.group, entry);
  }
  const intents: IntentVolume[] = [];
  let total = withoutIntent;
  for (const [intent, { current, previous }] of byIntent) {
    const now = sumAggregates(current);
    if (now.conversations === 0) continue;
    total += now.conversations;
    const before = sumAggregates(previous);
    intents.push({
      intent,
      current: now,
      previous: before,
      share: 0,
      growth: before.conversations === 0 ? null : (now.conversations - before.conversations) / before.conversations,
      isNew: before.conversations === 0,
    });
  }
  for (const i of intents) i.share = i.current.conversations / total;
  intents.sort((a, b) => b.current.conversations - a.current.conversations || a.intent.localeCompare(b.intent));
  const growing = intents
    .filter((i) => i.previous.conversations >= minPreviousForGrowth && i.growth !== null && i.growth > 0)
    .sort((a, b) => b.growth! - a.growth! || b.current.conversations - a.current.conversations)[0];
  return { intents, withoutIntent, total, ...(growing ? { fastestGrowing: growing.intent } : {}) };
}
