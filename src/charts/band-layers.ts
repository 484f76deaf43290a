import type { UnitSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { TimeSeriesChart } from '../replies/reply.ts';
import { wallClockMs } from '../time/zoned.ts';
import { chartColors } from './chart-theme.ts';
import { bucketMs } from './time-axis.ts';

type Band = NonNullable<TimeSeriesChart['band']>;

/** A light fill for the usual band: the good-news blue, faint enough that the line reads on top. */
const bandFill = { color: chartColors.good, opacity: 0.14 };

/**
 * The usual band as shaded blocks (low to high) behind the line, one per bucket centred on its
 * point, so an hour with a band between hours without one still shows; its label above the first.
 */
export function bandLayers(band: Band, chart: Pick<TimeSeriesChart, 'timeZone' | 'bucket'>): UnitSpec<string>[] {
  // The same fields as the line's, so the layers share its scales and axes; repeating the line's
  // scale settings here would only make vega-lite merge the same domains again (and warn about it).
  const x = { field: 'x', type: 'temporal' as const };
  const y = { field: 'y', type: 'quantitative' as const };
  const half = bucketMs(chart.bucket) / 2;
  const rows = band.points.flatMap((p) => {
    if (p.low === null || p.high === null) return [];
    const at = wallClockMs(p.t, chart.timeZone);
    return [{ x: at - half, x2: at + half, y: p.low, y2: p.high, centre: at }];
  });
  const first = rows[0];
  const layers: UnitSpec<string>[] = [
    {
      data: { values: rows },
      mark: { type: 'rect', clip: true, ...bandFill },
      encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' } },
    },
  ];
  if (first) {
    layers.push({
      data: { values: [{ x: first.centre, y: first.y2, text: band.label }] },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -4, fontSize: 11, color: chartColors.good },
      encoding: { x, y, text: { field: 'text' } },
    });
  }
  return layers;
}
