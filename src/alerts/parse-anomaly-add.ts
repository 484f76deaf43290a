import type { AnomalyDirection } from '../anomaly/band.ts';
import { hasBand, isLatencyMetric } from '../anomaly/banded-measure.ts';
import { sensitivities } from '../anomaly/sensitivity.ts';
import type { Sensitivity } from '../anomaly/sensitivity.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import { canonicalTimeZone, isValidTimeZone } from '../time/time-zone.ts';
import type { RuleSettings } from './alert-rule.ts';
import type { AddContext } from './parse-alert-add.ts';
import { ruleDefaults } from './rule-defaults.ts';
import { durationIn, fail, parseRenotify, readOptions } from './rule-options.ts';

/** Anomaly rules' own defaults (docs/alerts.md "Anomaly rules"): at least 10 conversations behind a rate (10 replies behind a reply time), medium sensitivity. */
export const anomalyDefaults = { minConversations: 10, sensitivity: 'medium' as Sensitivity };

const options = ['direction', 'sensitivity', 'window', 'for', 'min', 'tz', 'renotify', 'notify'] as const;
const directions: readonly AnomalyDirection[] = ['up', 'down', 'both'];
const day = 86_400;

/** The bad side of a metric by default: up for a rate that is better lower (hand-off), down for one better higher, either for volume. */
export function defaultDirection(metric: Pick<MetricDefinition, 'better'>): AnomalyDirection {
  return metric.better === 'lower' ? 'up' : metric.better === 'higher' ? 'down' : 'both';
}

/**
 * `alert add <metric> anomaly [bot] [direction:up|down|both] [sensitivity:low|medium|high]
 * [window:1h] [for:…] [min:10] [tz:…] [renotify:4h] [notify:@group]`: a rate, the conversation
 * volume or a reply time against what is usual at this time of the week.
 */
export function parseAnomalyAdd(metric: MetricDefinition, words: readonly string[], context: AddContext): { settings: RuleSettings } | { error: string } {
  if (!hasBand(metric)) return fail(`anomaly rules watch rates (shares such as handoff_rate), conversations (volume) and reply time (p95_response_ms, avg_response_ms); ${metric.id} is none of these — use above or below with a threshold`);
  const given = readOptions(words, options, context.knownBots);
  if ('error' in given) return given;
  const { values, bot } = given;

  const direction = (values.direction?.toLowerCase() ?? defaultDirection(metric)) as AnomalyDirection;
  if (!directions.includes(direction)) return fail(`direction:${values.direction} — give direction:up, direction:down or direction:both`);
  const sensitivity = (values.sensitivity?.toLowerCase() ?? anomalyDefaults.sensitivity) as Sensitivity;
  if (!sensitivities.includes(sensitivity)) return fail(`sensitivity:${values.sensitivity} — give sensitivity:low, sensitivity:medium or sensitivity:high`);
  // No tz: leaves the zone to the bot's own (botwatch bots tz), else BOTWATCH_TZ, when it is judged.
  let timeZone: string | null = null;
  if (values.tz !== undefined) {
    if (!isValidTimeZone(values.tz)) return fail(`tz:${values.tz} is not a time zone; give an IANA name such as tz:Europe/Berlin`);
    timeZone = canonicalTimeZone(values.tz);
  }
  const windowSeconds = values.window === undefined ? ruleDefaults.windowSeconds : durationIn(values.window, 'window', 600, 7 * day);
  if (typeof windowSeconds === 'string') return fail(windowSeconds);
  // Two consecutive evaluations outside the band: the first makes it pending, the second one interval later fires it.
  const forSeconds = values.for === undefined ? context.intervalSeconds : durationIn(values.for, 'for', 0, day);
  if (typeof forSeconds === 'string') return fail(forSeconds);
  const renotifySeconds = parseRenotify(values.renotify);
  if (typeof renotifySeconds === 'string') return fail(renotifySeconds);
  let minConversations = metric.id === 'conversations' ? 0 : anomalyDefaults.minConversations;
  if (values.min !== undefined) {
    if (metric.id === 'conversations') return fail('min: does not apply to a conversations (volume) anomaly: a low count is what it watches');
    if (!/^\d{1,7}$/.test(values.min)) return fail(`min:${values.min} — give a whole number of ${isLatencyMetric(metric.id) ? 'replies' : 'conversations'}, e.g. min:10`);
    minConversations = Number(values.min);
  }
  return {
    settings: {
      kind: 'anomaly',
      metric: metric.id,
      botId: bot,
      filter: { versions: [], channels: [], intents: [], flows: [] },
      direction: direction === 'down' ? 'below' : 'above',
      threshold: 0,
      recoverThreshold: 0,
      windowSeconds,
      minConversations,
      forSeconds,
      renotifySeconds,
      mention: values.notify ?? null,
      destination: context.destination,
      anomaly: { direction, sensitivity, timeZone },
    },
  };
}
