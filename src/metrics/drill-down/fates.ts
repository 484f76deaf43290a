/**
 * Which conversations a figure counted, as conditions on `conversation_facts f` — the same
 * definitions as the aggregates (src/metrics/aggregates.ts), so a drill-down lists exactly the
 * conversations behind a rate's numerator or denominator. `$settled` stands for the clock's
 * "settled" test (ended, or idle longer than the timeout).
 */
export const outcomeConditions = {
  settled: '$settled',
  'in-progress': 'NOT $settled',
  handoff: 'f.handed_off_at IS NOT NULL',
  contained: '$settled AND f.handed_off_at IS NULL',
  dropped: '$settled AND f.completed_at IS NULL AND f.handed_off_at IS NULL',
  completed: '$settled AND f.completed_at IS NOT NULL',
  resolved: '$settled AND f.resolved_at IS NOT NULL',
  unresolved: '$settled AND f.resolved_at IS NULL',
  abandoned: 'f.engaged AND $settled AND f.resolved_at IS NULL AND f.handed_off_at IS NULL',
  goal: '$settled AND f.goal_at IS NOT NULL',
  engaged: 'f.engaged',
  converted: 'f.converted_at IS NOT NULL',
  lead: 'f.lead_at IS NOT NULL',
} as const;

export type Outcome = keyof typeof outcomeConditions;
export const outcomes = Object.keys(outcomeConditions) as Outcome[];

/** The cohorts rates are taken over, by name, as conditions on `conversation_facts f`. */
export const denominatorConditions = {
  all: 'TRUE',
  settled: '$settled',
  'engaged-settled': 'f.engaged AND $settled',
} as const;

export type Denominator = keyof typeof denominatorConditions;

/**
 * The conversations a rate is taken over (its denominator) and those it counts (its numerator),
 * for every metric that is a share of conversations.
 */
export const metricCohorts: Record<string, { denominator: Denominator; numerator?: Outcome }> = {
  engagement_rate: { denominator: 'all', numerator: 'engaged' },
  conversion_rate: { denominator: 'all', numerator: 'converted' },
  lead_capture_rate: { denominator: 'all', numerator: 'lead' },
  handoff_rate: { denominator: 'all', numerator: 'handoff' },
  completion_rate: { denominator: 'settled', numerator: 'completed' },
  goal_completion_rate: { denominator: 'settled', numerator: 'goal' },
  drop_off_rate: { denominator: 'settled', numerator: 'dropped' },
  resolution_rate: { denominator: 'settled', numerator: 'resolved' },
  containment_rate: { denominator: 'settled', numerator: 'contained' },
  abandon_rate: { denominator: 'engaged-settled', numerator: 'abandoned' },
  health_score: { denominator: 'settled' },
};

/** How a conversation is described in a list: its fate, most telling first. */
export const fateLabel = `CASE
  WHEN NOT $settled THEN 'in progress'
  WHEN f.handed_off_at IS NOT NULL THEN 'handed off'
  WHEN f.resolved_at IS NOT NULL THEN 'resolved'
  WHEN f.completed_at IS NOT NULL THEN 'completed'
  ELSE 'dropped off' END`;
