import type { Aggregates } from '../metrics/aggregates.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import type { Interval } from '../time/windows.ts';
import type { AnomalyDirection } from './band.ts';
import { bandMeasure } from './banded-measure.ts';
import type { BandedValue } from './banded-measure.ts';
import { computeBaseline, windowAggregates } from './baseline.ts';
import { judgeWindow } from './judge-window.ts';
import type { Sensitivity } from './sensitivity.ts';

/** How a rule is replayed over hourly history: every `stepMs` a window of `windowMs` ending then. */
export interface ReplayOptions {
  hours: ReadonlyMap<number, Aggregates>;
  metric: MetricDefinition;
  from: Date;
  to: Date;
  stepMs: number;
  windowMs: number;
  /** Consecutive evaluations outside before it fires (the default `for:` is two). */
  forEvaluations: number;
  minConversations: number;
}

/** What a replayed rule judges: an anomaly band, or a fixed threshold (recovery 10 % of it back, as `alert add` sets by default). */
export type ReplayedCondition =
  | { kind: 'anomaly'; sensitivity: Sensitivity; direction: AnomalyDirection; timeZone: string; historyStart: Date }
  | { kind: 'threshold'; direction: 'above' | 'below'; threshold: number };

/** Window values already computed, per history: replays of many rules over one history share them. */
const windowValues = new WeakMap<ReadonlyMap<number, Aggregates>, Map<string, BandedValue>>();

function windowValue(o: ReplayOptions, window: Interval, measure: (a: Aggregates) => BandedValue): BandedValue {
  let values = windowValues.get(o.hours);
  if (values === undefined) windowValues.set(o.hours, (values = new Map<string, BandedValue>()));
  const key = `${o.metric.id} ${window.start.getTime()} ${window.end.getTime()}`;
  let value = values.get(key);
  if (value === undefined) values.set(key, (value = measure(windowAggregates(o.hours, window))));
  return value;
}

/**
 * The firing episodes a rule would have had over the history (what the alert evaluator's state
 * machine does, in memory): for the benchmark and the generated-traffic tests. An anomaly rule's
 * own episodes (from the window that made it fire to its recovery) are left out of its later
 * baselines, as the evaluator leaves out firing periods.
 */
export function replayRule(o: ReplayOptions, condition: ReplayedCondition): Interval[] {
  const compute = bandMeasure(o.metric);
  const measure = (a: Aggregates) => compute(a, { sends: () => true });
  const episodes: Interval[] = [];
  let outside = 0;
  let firingSince: Date | undefined;
  for (let t = o.from.getTime(); t <= o.to.getTime(); t += o.stepMs) {
    const window = { start: new Date(t - o.windowMs), end: new Date(t) };
    const current = windowValue(o, window, measure);
    const sample = o.metric.id === 'conversations' ? Infinity : (current.denominator ?? 0);
    let breach = false;
    let clear = false;
    if (current.value !== null && sample >= o.minConversations) {
      if (condition.kind === 'threshold') {
        const v = current.value;
        breach = condition.direction === 'above' ? v > condition.threshold : v < condition.threshold;
        clear = condition.direction === 'above' ? v <= condition.threshold * 0.9 : v >= condition.threshold * 1.1;
      } else {
        const excluded = firingSince === undefined ? episodes : [...episodes, { start: new Date(firingSince.getTime() - o.windowMs), end: window.end }];
        const baseline = computeBaseline({ hours: o.hours, window, timeZone: condition.timeZone, historyStart: condition.historyStart, excluded, measure });
        const judged = judgeWindow(o.metric, current, baseline, condition);
        if (judged.kind === 'judged') {
          breach = judged.outside;
          clear = judged.backInside;
        }
      }
    }
    if (firingSince === undefined) {
      outside = breach ? outside + 1 : 0;
      if (outside >= o.forEvaluations) firingSince = window.end;
    } else if (clear) {
      episodes.push({ start: new Date(firingSince.getTime() - o.windowMs), end: window.end });
      firingSince = undefined;
      outside = 0;
    }
  }
  if (firingSince !== undefined) episodes.push({ start: new Date(firingSince.getTime() - o.windowMs), end: o.to });
  return episodes;
}
