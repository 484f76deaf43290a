import { summaryMetricIds } from '../../commands/summary.ts';
import type { Signal } from '../../events/contract.ts';
import { findMetric } from '../../metrics/catalog.ts';
import type { MetricDefinition } from '../../metrics/catalog.ts';
import { missingEvents } from '../../metrics/evaluate-metrics.ts';

/**
 * The headline metrics of a digest: the ones asked for (shown even when n/a, with the reason), or
 * the summary's headline metrics that the bots can measure.
 */
export function digestMetrics(asked: readonly string[], sent: Set<Signal>, botsLabel: string): { shown: MetricDefinition[]; hidden: MetricDefinition[] } {
  if (asked.length > 0) return { shown: asked.map((id) => findMetric(id)).filter((m): m is MetricDefinition => m !== undefined), hidden: [] };
  const all = summaryMetricIds.map((id) => findMetric(id)).filter((m): m is MetricDefinition => m !== undefined);
  const shown = all.filter((m) => missingEvents(m, sent, botsLabel) === undefined);
  return { shown, hidden: all.filter((m) => !shown.includes(m)) };
}
