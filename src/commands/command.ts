import type { Bucket } from '../time/windows.ts';
import type { Dimension } from '../metrics/cohort.ts';
import type { Outcome } from '../metrics/drill-down/fates.ts';
import type { LlmDimension } from '../metrics/rollups/llm-group-rollups.ts';

/** What a question is about: bots, window, filters, zone (everything optional). */
export interface Scope {
  bots: string[];
  /** A window token (`7d`, `today`, `2026-11-01..2026-11-15`); default `7d`. */
  window?: string;
  /** IANA zone from `tz:`; default the deployment's. */
  timeZone?: string;
  versions: string[];
  channels: string[];
  intents: string[];
  flows: string[];
  /** `score:<name>`: the score score_avg averages. */
  score?: string;
}

/** One side of `compare A vs B`: a bot, optionally one version of it. */
export interface CompareSide {
  bot: string;
  version?: string;
}

/** What `by:` groups a metric by: time buckets, a conversation dimension, (LLM metrics) model / provider, or (score_avg) score name. */
export type Grouping = Bucket | Dimension | LlmDimension | 'score';

/** A parsed `/botwatch …` command. */
export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'metrics' }
  | { name: 'bots' }
  | { name: 'summary'; scope: Scope }
  | { name: 'metric'; metric: string; scope: Scope; by?: Grouping; band?: boolean }
  | { name: 'funnel'; scope: Scope }
  | { name: 'outcomes'; scope: Scope }
  | { name: 'channels'; scope: Scope }
  | { name: 'intents'; scope: Scope }
  | { name: 'conversation'; id: string; bot?: string }
  | { name: 'anomalies'; scope: Scope }
  | { name: 'list'; scope: Scope; metric?: string; outcome?: Outcome; step?: string }
  | { name: 'compare'; a: CompareSide; b: CompareSide; scope: Scope }
  | { name: 'digest'; action: string; args: string[] }
  | { name: 'alert'; action: string; args: string[] };

/** A command that could not be understood: what is wrong, and how it is used. */
export interface CommandMistake {
  name: 'mistake';
  message: string;
  /** The usage lines of the command that was meant (or the general usage). */
  usage: string;
}
