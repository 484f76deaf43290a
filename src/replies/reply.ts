/**
 * The platform-neutral reply (docs/architecture.md "The reply model"). Commands, digests
 * and alerts produce it; Slack, Teams and the local console only render and deliver it. Plain
 * data: no platform types, nothing that cannot be serialised to JSON.
 */

/** How a metric's values are measured and shown. `share` values are 0–1 and shown as %. */
export type Unit = 'share' | 'count' | 'ms' | 's' | 'score' | 'money' | 'usd';

/** Which way is better for a metric; `none` for volumes and neutral measures. */
export type BetterDirection = 'higher' | 'lower' | 'none';

/** A value compared with the previous equal window. */
export interface Change {
  /** value − previous, in the metric's raw unit (shares: 0–1, so 0.032 = 3.2 points). */
  absolute: number;
  /** (value − previous) / previous, or null when previous is 0. */
  relative: number | null;
  /** "+3.2 pts", "−12 %", "+140 ms". */
  formatted: string;
  direction: 'up' | 'down' | 'flat';
  /** Given the metric's better direction: is this change good news? */
  assessment: 'good' | 'bad' | 'neutral';
}

/** One headline number. */
export interface Figure {
  /** Metric catalog id, e.g. `handoff_rate`. */
  metric: string;
  label: string;
  unit: Unit;
  better: BetterDirection;
  /** Raw value: shares as 0–1, null when n/a. */
  value: number | null;
  /** "14.2 %", "1,204", "n/a". */
  formatted: string;
  previous?: number | null;
  previousFormatted?: string;
  change?: Change;
  /** Sample behind a rate: e.g. 41 of 180. */
  numerator?: number;
  denominator?: number;
  /** Why the value is n/a, or what it is based on ("41 of 180 conversations"). */
  note?: string;
}

export interface TableColumn {
  key: string;
  label: string;
  align?: 'left' | 'right';
}

/**
 * A cell's value as exported (CSV): shares as 0–1, counts as integers, durations in the unit's
 * own measure (ms, s), money as a number, times as ISO-8601 text; null when n/a.
 */
export type RawValue = string | number | boolean | null;

/** A breakdown with formatted cells (numbers already formatted for display). */
export interface Table {
  columns: TableColumn[];
  rows: Record<string, string>[];
  caption?: string;
  /**
   * The raw values behind `rows`, row for row, by column key: what an export writes. A column
   * left out is text and is exported as shown; every right-aligned (numeric) column has them.
   */
  values?: Record<string, RawValue>[];
  /**
   * The export's columns, when they differ from those shown: e.g. a "41/180" sample exported
   * as two counts. Their values come from `values`, else from the shown text of the same key.
   */
  exportColumns?: TableColumn[];
}

/** A point of a series; `value` null is a gap (n/a), never drawn as 0. */
export interface Point {
  /** ISO-8601 instant at the start of the bucket. */
  t: string;
  value: number | null;
}

export interface Series {
  metric: string;
  label: string;
  points: Point[];
  /** The previous period aligned to the same x positions (drawn faint and dashed). */
  previous?: Point[];
}

interface ChartBase {
  title: string;
  /** Bot, window and time zone, e.g. "support-bot · last 7 days · Europe/Berlin". */
  subtitle: string;
}

export interface TimeSeriesChart extends ChartBase {
  kind: 'timeseries';
  unit: Unit;
  bucket: 'hour' | 'day' | 'week';
  /** IANA zone the buckets were cut in (axis labels use it). */
  timeZone: string;
  series: Series[];
  /** Alert threshold drawn as a horizontal rule with its label. */
  threshold?: { value: number; label: string };
  /** What is usual at each point (anomaly rules), drawn as a shaded band behind the line; null ends: no band there. */
  band?: { label: string; points: { t: string; low: number | null; high: number | null }[] };
}

export interface BarsChart extends ChartBase {
  kind: 'bars';
  unit: Unit;
  /** What the bars are: channel, version, bot, intent… */
  dimension: string;
  metricLabel: string;
  bars: { label: string; value: number | null }[];
}

export interface FunnelChart extends ChartBase {
  kind: 'funnel';
  flow: string;
  steps: {
    step: string;
    reached: number;
    /** Share of the previous step's conversations that reached this one (null for the first). */
    conversion: number | null;
    /** Conversations lost between the previous step and this one. */
    dropOff: number;
  }[];
}

export interface OutcomesChart extends ChartBase {
  kind: 'outcomes';
  groups: { group: 'contained' | 'escalated'; success: number; mixed: number; unsuccessful: number }[];
}

export interface DigestPanelChart extends ChartBase {
  kind: 'digest';
  panels: {
    metric: string;
    label: string;
    unit: Unit;
    better: BetterDirection;
    value: number | null;
    formatted: string;
    change?: Change;
    points: Point[];
  }[];
}

/** What to draw: data, not a vega-lite spec (the charts module owns the drawing). */
export type ChartRequest = TimeSeriesChart | BarsChart | FunnelChart | OutcomesChart | DigestPanelChart;

/** A button. Platform adapters route `id` + `value` back to the module that owns the action. */
export interface Action {
  /** `drilldown.list`: "Show conversations", its value a `list …` command. */
  id: 'alert.acknowledge' | 'alert.mute' | 'drilldown.list';
  label: string;
  /** Opaque to adapters, e.g. the alert rule id and the notification id. */
  value: string;
  style?: 'primary' | 'danger';
}

export interface Reply {
  /** `error` and `help` are shown only to the person who asked (ephemeral in Slack). */
  kind: 'result' | 'help' | 'error' | 'info' | 'digest' | 'alert';
  title: string;
  subtitle?: string;
  figures: Figure[];
  table?: Table;
  chart?: ChartRequest;
  /** Footnotes: in-progress counts, n/a reasons, data freshness. */
  notes: string[];
  actions?: Action[];
  /** Plain-text body for help and errors (monospace usage lines allowed). */
  text?: string;
  /**
   * `asker`: only for the person who asked (ephemeral in Slack, marked in the console), as help and
   * errors always are. Default: the channel.
   */
  audience?: 'asker' | 'channel';
}

/** Whether a reply is only for the person who asked: help, errors, and replies that say so. */
export function isForAskerOnly(reply: Reply): boolean {
  return reply.audience === 'asker' || reply.kind === 'help' || reply.kind === 'error';
}
