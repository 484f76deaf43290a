import { chartEmptiness } from '../../charts/chart-emptiness.ts';
import type { DigestPanelChart, Figure, Point } from '../../replies/reply.ts';

const mostPanels = 6;

/**
 * The digest's one chart: a panel per headline figure that has a value (in the digest's order, at
 * most six), each with its sparkline over the period. Undefined when there is nothing to draw:
 * a digest never posts a blank chart.
 */
export function digestPanels(title: string, subtitle: string, figures: readonly Figure[], points: ReadonlyMap<string, Point[]>): DigestPanelChart | undefined {
  const panels = figures
    .filter((f) => f.value !== null)
    .slice(0, mostPanels)
    .map((f) => ({
      metric: f.metric,
      label: f.label,
      unit: f.unit,
      better: f.better,
      value: f.value,
      formatted: f.formatted,
      ...(f.change ? { change: f.change } : {}),
      points: points.get(f.metric) ?? [],
    }));
  const chart: DigestPanelChart = { kind: 'digest', title, subtitle, panels };
  return panels.length > 0 && chartEmptiness(chart) === null ? chart : undefined;
}
