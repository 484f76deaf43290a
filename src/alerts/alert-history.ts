import type { Queryable } from '../db/database.ts';
import type { AlertRule, AlertState, RuleKind } from './alert-rule.ts';

/** What happened to a rule: every transition and notification is recorded (docs/alerts.md "History"). */
export type HistoryEvent =
  | 'added'
  | 'removed'
  | 'transition'
  | 'notified'
  | 'notify_failed'
  | 'suppressed'
  | 'delivery_stopped'
  | 'acknowledged'
  | 'muted'
  | 'unmuted'
  | 'test'
  /** A setting changed without the rule being added again (migration 0018: its time zone now follows the bot's). */
  | 'changed';

export interface HistoryEntry {
  id: number;
  ruleId: number;
  at: Date;
  event: HistoryEvent;
  fromState: AlertState | null;
  toState: AlertState | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  sample: number | null;
  detail: string | null;
  metric: string;
  botId: string | null;
  direction: 'above' | 'below';
  threshold: number;
  windowSeconds: number;
  /** The rule's kind (null in entries written before anomaly rules existed). */
  kind: RuleKind | null;
}

/** History is kept this long (90 days, docs/alerts.md), then deleted by the evaluator. */
export const historyRetentionDays = 90;

/** The history columns copied from the rule, so a removed rule's history still reads. */
export const ruleSnapshotColumns = 'metric, bot_id, direction, threshold, window_seconds, kind';

/** Records one event for a rule, with the rule's latest numbers unless others are given. */
export async function recordHistory(
  db: Queryable,
  rule: AlertRule,
  event: HistoryEvent,
  at: Date,
  extra: { detail?: string; value?: number | null; numerator?: number | null; denominator?: number | null; sample?: number | null } = {},
): Promise<void> {
  await db.query(
    `INSERT INTO alert_history (rule_id, at, event, to_state, value, numerator, denominator, sample, detail, ${ruleSnapshotColumns})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      rule.id, at, event, rule.state,
      extra.value === undefined ? rule.lastValue : extra.value,
      extra.numerator === undefined ? rule.lastNumerator : extra.numerator,
      extra.denominator === undefined ? rule.lastDenominator : extra.denominator,
      extra.sample === undefined ? rule.lastSample : extra.sample,
      extra.detail ?? null,
      rule.metric, rule.botId, rule.direction, rule.threshold, rule.windowSeconds, rule.kind,
    ],
  );
}

interface HistoryRow {
  id: number;
  rule_id: number;
  at: Date;
  event: HistoryEvent;
  from_state: AlertState | null;
  to_state: AlertState | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  sample: number | null;
  detail: string | null;
  metric: string;
  bot_id: string | null;
  direction: 'above' | 'below';
  threshold: number;
  window_seconds: number;
  kind: RuleKind | null;
}

const toEntry = (r: HistoryRow): HistoryEntry => ({
  id: r.id,
  ruleId: r.rule_id,
  at: r.at,
  event: r.event,
  fromState: r.from_state,
  toState: r.to_state,
  value: r.value,
  numerator: r.numerator,
  denominator: r.denominator,
  sample: r.sample,
  detail: r.detail,
  metric: r.metric,
  botId: r.bot_id,
  direction: r.direction,
  threshold: r.threshold,
  windowSeconds: r.window_seconds,
  kind: r.kind,
});

/** The latest history entries, newest first: of one rule, or of all. */
export async function listHistory(db: Queryable, options: { ruleId?: number; limit: number }): Promise<HistoryEntry[]> {
  const rows = await db.query<HistoryRow>(
    options.ruleId === undefined
      ? 'SELECT * FROM alert_history ORDER BY at DESC, id DESC LIMIT $1'
      : 'SELECT * FROM alert_history WHERE rule_id = $2 ORDER BY at DESC, id DESC LIMIT $1',
    options.ruleId === undefined ? [options.limit] : [options.limit, options.ruleId],
  );
  return rows.map(toEntry);
}

/** Each firing transition in [start, end) for the bots (all when empty; all-bot rules always), with when it cleared. */
export async function listFirings(db: Queryable, bots: string[], start: Date, end: Date): Promise<(HistoryEntry & { resolvedAt: Date | null })[]> {
  const rows = await db.query<HistoryRow & { resolved_at: Date | null }>(
    `SELECT h.*, (
       SELECT min(n.at) FROM alert_history n
       WHERE n.rule_id = h.rule_id AND n.event = 'transition' AND n.from_state = 'firing' AND (n.at, n.id) > (h.at, h.id)
     ) AS resolved_at
     FROM alert_history h
     WHERE h.event = 'transition' AND h.to_state = 'firing' AND h.at >= $1 AND h.at < $2
       AND (cardinality($3::text[]) = 0 OR h.bot_id IS NULL OR h.bot_id = ANY($3::text[]))
     ORDER BY h.at, h.id`,
    [start, end, bots],
  );
  return rows.map((r) => ({ ...toEntry(r), resolvedAt: r.resolved_at }));
}

/** Deletes history older than the retention; returns how many entries went. */
export async function deleteOldHistory(db: Queryable, now: Date): Promise<number> {
  const rows = await db.query('DELETE FROM alert_history WHERE at < $1 RETURNING id', [new Date(now.getTime() - historyRetentionDays * 86_400_000)]);
  return rows.length;
}
