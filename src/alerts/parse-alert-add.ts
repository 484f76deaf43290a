import type { Destination } from '../chat/destination.ts';
import { nearest } from '../commands/suggest.ts';
import { findMetric, metricNames } from '../metrics/catalog.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import { formatValue } from '../metrics/format.ts';
import type { RuleSettings } from './alert-rule.ts';
import { defaultRecovery } from './conditions.ts';
import { parseAnomalyAdd } from './parse-anomaly-add.ts';
import { ruleDefaults } from './rule-defaults.ts';
import { durationIn, fail, parseRenotify, readOptions, shown } from './rule-options.ts';

export { ruleDefaults } from './rule-defaults.ts';

const day = 86_400;
const metricOptions = ['window', 'min', 'for', 'recover', 'renotify', 'notify', 'channel', 'version', 'intent', 'flow', 'score'] as const;
const silenceOptions = ['for', 'renotify', 'notify'] as const;

/** Metrics alerts can watch besides every share: response times and volume. */
const otherWatchable = new Set(['avg_response_ms', 'p95_response_ms', 'conversations', 'llm_tokens_per_conversation', 'llm_cost_per_conversation', 'llm_cost_per_resolved', 'llm_cost_per_handoff', 'llm_latency_p50_ms', 'llm_latency_p95_ms', 'score_avg']);

/** True when alerts can watch the metric: any rate, response times, conversation volume. */
export function isWatchable(metric: MetricDefinition): boolean {
  return metric.unit === 'share' || otherWatchable.has(metric.id);
}

export interface AddContext {
  knownBots: string[];
  destination: Destination;
  /** Default silence period for silence rules (ALERT_SILENCE_MINUTES). */
  silenceSeconds: number;
  /** The evaluation interval (anomaly rules' default `for:` is two consecutive evaluations). */
  intervalSeconds: number;
  /** The deployment's zone (anomaly rules' default `tz:`). */
  timeZone: string;
}

type Parsed = { settings: RuleSettings } | { error: string };

/**
 * Parses the words after `alert add` into a rule, or says what is wrong with them:
 * `<metric> above|below <threshold> [bot] [window:1h] [min:30] [for:5m] [recover:…] [renotify:4h]
 * [notify:@group] [channel:…] [version:…] [intent:…] [flow:…]`, `<metric> anomaly [bot] [direction:…]
 * [sensitivity:…] …` (src/alerts/parse-anomaly-add.ts), or `silence <bot> [for:30m]
 * [renotify:4h] [notify:@group]`.
 */
export function parseAlertAdd(args: readonly string[], context: AddContext): Parsed {
  const [first, ...rest] = args;
  if (first === undefined) return fail('alert add needs a metric, a direction and a threshold, e.g. alert add handoff_rate above 20% support-bot');
  if (first.toLowerCase() === 'silence') return parseSilence(rest, context);
  const metric = findMetric(first);
  if (metric === undefined) {
    const guess = nearest(first, metricNames());
    return fail(`unknown metric ${shown(first)}${guess ? ` — did you mean ${findMetric(guess)?.id ?? guess}?` : ''} (/botwatch metrics lists them)`);
  }
  if (!isWatchable(metric)) {
    return fail(`alerts watch rates, response times (avg_response_ms, p95_response_ms), volume (conversations) and LLM cost and tokens per conversation; ${metric.id} is none of these`);
  }
  const [directionWord, thresholdWord, ...options] = rest;
  if (directionWord?.toLowerCase() === 'anomaly') return parseAnomalyAdd(metric, rest.slice(1), context);
  const direction = directionWord?.toLowerCase();
  if (direction !== 'above' && direction !== 'below') {
    return fail(`after the metric comes above, below or anomaly${directionWord ? `, not ${shown(directionWord)}` : ''}, e.g. alert add ${metric.id} above ${example(metric)}`);
  }
  if (thresholdWord === undefined) return fail(`alert add ${metric.id} ${direction} needs a threshold, e.g. ${example(metric)}`);
  const threshold = parseThreshold(metric, thresholdWord, 'threshold');
  if ('error' in threshold) return threshold;
  if (metric.unit === 'share' && direction === 'above' && threshold.value >= 1) return fail(`${metric.short} can never be above 100 %; give a threshold below 100 %`);
  if (direction === 'below' && threshold.value <= 0 && metric.id !== 'score_avg') return fail(`${metric.short} can never be below ${formatValue(0, metric.unit)}; give a threshold above it`);

  const given = readOptions(options, metricOptions, context.knownBots);
  if ('error' in given) return given;
  const { values, bot, filter } = given;
  if (metric.id === 'score_avg' && filter.score === undefined) return fail('alert add score_avg needs the score it watches, e.g. alert add score_avg below 0.7 support-bot score:faithfulness');
  if (metric.id !== 'score_avg' && filter.score !== undefined) return fail(`score: names the score of a score_avg alert; it does not apply to ${metric.id}`);

  const windowSeconds = values.window === undefined ? ruleDefaults.windowSeconds : durationIn(values.window, 'window', 60, 7 * day);
  if (typeof windowSeconds === 'string') return fail(windowSeconds);
  const forSeconds = values.for === undefined ? ruleDefaults.forSeconds : durationIn(values.for, 'for', 0, day);
  if (typeof forSeconds === 'string') return fail(forSeconds);
  const renotifySeconds = parseRenotify(values.renotify);
  if (typeof renotifySeconds === 'string') return fail(renotifySeconds);

  let minConversations: number = ruleDefaults.minConversations;
  if (metric.id === 'conversations') {
    // Volume is the one measure where few conversations is the signal, not a reason to wait.
    if (values.min !== undefined) return fail('min: does not apply to a conversations (volume) alert: its threshold is the volume');
    minConversations = 0;
  } else if (values.min !== undefined) {
    if (!/^\d{1,7}$/.test(values.min)) return fail(`min:${values.min} — give a whole number of conversations, e.g. min:30`);
    minConversations = Number(values.min);
  }

  let recoverThreshold = defaultRecovery(direction, threshold.value, metric.unit);
  // Scores may be negative (thumbs down as −1): the margin is a tenth of the threshold's size, on the clearing side.
  if (metric.id === 'score_avg') recoverThreshold = Math.round((threshold.value + (direction === 'above' ? -0.1 : 0.1) * Math.abs(threshold.value)) * 1e9) / 1e9;
  if (metric.unit === 'count') recoverThreshold = direction === 'above' ? Math.floor(recoverThreshold) : Math.ceil(recoverThreshold);
  if (values.recover !== undefined) {
    const recover = parseThreshold(metric, values.recover, 'recover');
    if ('error' in recover) return recover;
    const wrongSide = direction === 'above' ? recover.value > threshold.value : recover.value < threshold.value;
    if (wrongSide) {
      return fail(`recover:${values.recover} must be at or ${direction === 'above' ? 'below' : 'above'} the threshold ${formatValue(threshold.value, metric.unit)}, so a firing alert can clear`);
    }
    recoverThreshold = recover.value;
  }

  return {
    settings: {
      kind: 'metric',
      metric: metric.id,
      botId: bot,
      filter,
      direction,
      threshold: threshold.value,
      recoverThreshold,
      windowSeconds,
      minConversations,
      forSeconds,
      renotifySeconds,
      mention: values.notify ?? null,
      destination: context.destination,
    },
  };
}

function parseSilence(args: readonly string[], context: AddContext): Parsed {
  const given = readOptions(args, silenceOptions, context.knownBots);
  if ('error' in given) return given;
  if (given.bot === null) return fail('alert add silence needs the bot to watch, e.g. alert add silence support-bot for:30m');
  const period = given.values.for === undefined ? context.silenceSeconds : durationIn(given.values.for, 'for', 60, 7 * day);
  if (typeof period === 'string') return fail(period);
  const renotifySeconds = parseRenotify(given.values.renotify);
  if (typeof renotifySeconds === 'string') return fail(renotifySeconds);
  return { settings: silenceSettings(given.bot, period, context.destination, { renotifySeconds, mention: given.values.notify ?? null }) };
}

/** A silence rule: the bot sent no events for `periodSeconds` during its usual active hours. */
export function silenceSettings(bot: string, periodSeconds: number, destination: Destination, options: { renotifySeconds: number; mention: string | null }): RuleSettings {
  return {
    kind: 'silence',
    metric: 'silence',
    botId: bot,
    filter: { versions: [], channels: [], intents: [], flows: [] },
    direction: 'above',
    threshold: periodSeconds,
    // Clears as soon as events arrive again (silent for less than the period).
    recoverThreshold: periodSeconds,
    windowSeconds: periodSeconds,
    minConversations: 0,
    forSeconds: 0,
    renotifySeconds: options.renotifySeconds,
    mention: options.mention,
    destination,
  };
}

/** A threshold in the metric's raw unit: shares as 0–1 ("20%" or "20" → 0.2), times in ms, volumes as counts. */
function parseThreshold(metric: MetricDefinition, word: string, what: 'threshold' | 'recover'): { value: number } | { error: string } {
  const label = what === 'recover' ? `recover:${word}` : `threshold ${shown(word)}`;
  if (metric.unit === 'share') {
    const m = /^(-?\d+(?:\.\d+)?)\s*%?$/.exec(word);
    if (!m) return fail(`${label} is not a percentage; give e.g. 20% (${metric.short} is a share)`);
    const pct = Number(m[1]);
    if (pct < 0 || pct > 100) return fail(`${label} is outside 0–100 % (${metric.short} is a share)`);
    return { value: Math.round(pct * 1e6) / 1e8 };
  }
  if (metric.unit === 'ms') {
    const m = /^(\d+(?:\.\d+)?)(ms|s)?$/i.exec(word);
    if (!m) return fail(`${label} is not a time; give e.g. 800ms or 2s`);
    const ms = Number(m[1]) * (m[2]?.toLowerCase() === 's' ? 1000 : 1);
    if (ms <= 0) return fail(`${label} must be more than 0 ms`);
    return { value: ms };
  }
  if (metric.id === 'score_avg') {
    // A score has whatever scale its evaluator gives it: 0–1, 1–5, −1/1.
    const m = /^(-?\d+(?:\.\d+)?)$/.exec(word);
    if (!m) return fail(`${label} is not a number; give the score on its own scale, e.g. 0.7`);
    return { value: Number(m[1]) };
  }
  if (metric.unit === 'usd' || metric.id === 'llm_tokens_per_conversation') {
    const m = /^\$?(\d+(?:\.\d+)?)$/.exec(word);
    if (!m) return fail(`${label} is not a number; give e.g. ${metric.unit === 'usd' ? '0.05 (US dollars)' : '2000 (tokens)'}`);
    return { value: Number(m[1]) };
  }
  if (!/^\d{1,9}$/.test(word)) return fail(`${label} is not a whole number of conversations`);
  return { value: Number(word) };
}

function example(metric: MetricDefinition): string {
  return metric.unit === 'share' ? '20%' : metric.unit === 'ms' ? '1500ms' : metric.id === 'score_avg' ? '0.7 score:faithfulness' : '50';
}
