import type { Destination } from '../chat/destination.ts';
import type { AnomalyDirection } from '../anomaly/band.ts';
import type { Sensitivity } from '../anomaly/sensitivity.ts';
import type { Reply } from '../replies/reply.ts';

/** A rule's states (docs/alerts.md "States"): ok → pending → firing → ok, plus no_data (too few conversations to judge). */
export type AlertState = 'ok' | 'pending' | 'firing' | 'no_data';

/**
 * `metric`: a metric against a threshold. `silence`: a bot that stopped sending events.
 * `anomaly`: a rate or volume against what is usual at this time of the week.
 */
export type RuleKind = 'metric' | 'silence' | 'anomaly';

/** What an anomaly rule adds: which way counts, how surprising, and whose local week. */
export interface AnomalySettings {
  direction: AnomalyDirection;
  sensitivity: Sensitivity;
  /**
   * The rule's own `tz:`, whose local hours of the week the baseline matches; null when none was
   * given: then the bot's zone, else BOTWATCH_TZ (src/time/local-zone.ts).
   */
  timeZone: string | null;
}

export type Direction = 'above' | 'below';

/** What a rule still owes its channel: the firing message, a reminder, or the recovery reply. */
export type NotificationKind = 'firing' | 'renotify' | 'recovered';

/** Conversation filters a metric rule applies besides its bot (the metric engine's CohortFilter). */
export interface RuleFilter {
  versions: string[];
  channels: string[];
  intents: string[];
  flows: string[];
  /** score_avg rules: the score name watched (`score:<name>`). */
  score?: string;
}

/** What `alert add` decides: the rule as people configure it. */
export interface RuleSettings {
  kind: RuleKind;
  /** Catalog id (`handoff_rate`), or `silence`. */
  metric: string;
  /** The bot watched; null for all bots together. */
  botId: string | null;
  filter: RuleFilter;
  direction: Direction;
  /** In the metric's raw unit (shares 0–1); for silence rules, seconds without events. */
  threshold: number;
  /** Where a firing rule clears (hysteresis): at or below it for `above`, at or above for `below`. */
  recoverThreshold: number;
  windowSeconds: number;
  minConversations: number;
  /** How long the condition must hold before firing. */
  forSeconds: number;
  /** Reminder interval while firing and unacknowledged; 0 = never. */
  renotifySeconds: number;
  /** Who to mention, as given (`@oncall`, or Slack's `<!subteam^S…|@oncall>`). */
  mention: string | null;
  destination: Destination;
  /** Anomaly rules only (`threshold` and `recoverThreshold` are then unused, 0). */
  anomaly?: AnomalySettings;
}

/** A stored rule with its live state. */
export interface AlertRule extends RuleSettings {
  id: number;
  createdBy: string | null;
  createdAt: Date;
  state: AlertState;
  /** Bumped by every transition; a transition or claim names the count it saw. */
  transitions: number;
  stateSince: Date;
  breachSince: Date | null;
  lastEvaluatedAt: Date | null;
  lastValue: number | null;
  lastNumerator: number | null;
  lastDenominator: number | null;
  lastSample: number | null;
  lastNote: string | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  episodeMessageId: string | null;
  episodeReply: Reply | null;
  lastNotifiedAt: Date | null;
  notifyKind: NotificationKind | null;
  notifyAttempts: number;
  notifyDueAt: Date | null;
  notifyLeaseUntil: Date | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  mutedUntil: Date | null;
  mutedBy: string | null;
  deliveryStoppedAt: Date | null;
  deliveryStoppedReason: string | null;
}

/** True while notifications for the rule are muted. */
export const isMuted = (rule: Pick<AlertRule, 'mutedUntil'>, now: Date): boolean => rule.mutedUntil !== null && rule.mutedUntil > now;
