/** Which conversations a question is about, besides the time window. */
export interface CohortFilter {
  /** Bot ids; empty = every bot. */
  bots: string[];
  versions: string[];
  channels: string[];
  intents: string[];
  flows: string[];
  /** The score name `score_avg` averages (`score:<name>`); no other metric reads it. */
  score?: string;
}

export const emptyFilter = (): CohortFilter => ({ bots: [], versions: [], channels: [], intents: [], flows: [] });

/**
 * SQL conditions on `conversation_facts f` for a filter, appending parameters to `params`.
 * Values of one filter are alternatives (OR); different filters all apply (AND).
 */
export function filterConditions(filter: CohortFilter, params: unknown[]): string[] {
  const conditions = dimensionConditions({ bots: 'f.bot_id', versions: 'f.bot_version', channels: 'f.channel', intents: 'f.first_intent' }, filter, params);
  if (filter.flows.length > 0) {
    params.push(filter.flows);
    conditions.push(`f.flows && $${params.length}::text[]`);
  }
  return conditions;
}

/**
 * `column = ANY($n)` for each filtered dimension, over whichever table holds them (facts, rollups,
 * events); dimensions without a column are not applied here.
 *
 * Every bot is named even when the filter has none: each of these tables is indexed by bot first
 * (then time), and a time range alone cannot use such an index except by reading all of it — a
 * cost that grows with the history kept, not with the window. Ingest records every bot it stores
 * events for in `bots`, in the same transaction, so naming them all selects every row.
 */
export function dimensionConditions(
  columns: Partial<Record<'bots' | 'versions' | 'channels' | 'intents', string>>,
  filter: CohortFilter,
  params: unknown[],
): string[] {
  const conditions: string[] = [];
  for (const [dimension, column] of Object.entries(columns) as ['bots' | 'versions' | 'channels' | 'intents', string][]) {
    const values = filter[dimension];
    if (values.length === 0 && dimension === 'bots') conditions.push(`${column} = ANY(ARRAY(SELECT bot_id FROM bots))`);
    if (values.length === 0) continue;
    params.push(values);
    conditions.push(`${column} = ANY($${params.length}::text[])`);
  }
  return conditions;
}

/** Dimensions a breakdown can group by. */
export type Dimension = 'channel' | 'version' | 'intent' | 'bot';

export const dimensionColumn: Record<Dimension, string> = {
  channel: 'f.channel',
  version: 'f.bot_version',
  intent: 'f.first_intent',
  bot: 'f.bot_id',
};

/** Conditions selecting the cohort: conversations of the filter that started in [start, end). */
export function cohortConditions(interval: { start: Date; end: Date }, filter: CohortFilter, params: unknown[]): string {
  return cohortInRanges([interval], filter, params);
}

/** The same for conversations that started in any of the ranges (each [start, end)). */
export function cohortInRanges(ranges: readonly { start: Date; end: Date }[], filter: CohortFilter, params: unknown[]): string {
  const inRange = ranges.map((r) => {
    params.push(r.start, r.end);
    return `f.started_at >= $${params.length - 1} AND f.started_at < $${params.length}`;
  });
  const started = inRange.length === 1 ? inRange[0]! : `(${inRange.map((c) => `(${c})`).join(' OR ')})`;
  return [started, ...filterConditions(filter, params)].join(' AND ');
}
