import type { TopLevelSpec } from 'vega-lite';
import type { LayerSpec, UnitSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { TimeSeriesChart, Unit } from '../replies/reply.ts';
import { bandLayers } from './band-layers.ts';
import { chartColors, chartConfig, chartLayout, previousPalette, seriesPalette } from './chart-theme.ts';
import { chartTitle } from './chart-title.ts';
import { formatValue } from '../metrics/format.ts';
import { axisLabelExpression, unitSuffix } from './axis-format.ts';
import { measureText, truncateToWidth } from './measure-text.ts';
import { niceZeroDomain } from './nice-domain.ts';
import { bucketMs, timeAxisLabelExpression, timeAxisTicks } from './time-axis.ts';
import { wallClockMs } from '../time/zoned.ts';

const TIME_SERIES_SIZE = { width: chartLayout.width, height: 450 } as const;

/** Legend entries longer than this (pixels) are shortened with an ellipsis. */
const LEGEND_LABEL_MAX = 240;

const Y_TICKS = 6;

/** Up to this many points per series each gets a dot; beyond it only isolated points do. */
const DOTS_UP_TO = 31;

interface Row {
  key: string;
  x: number;
  y: number | null;
}

/**
 * A line chart of one or more metrics over time (grouped by hour, day or week): the
 * previous period as a faint dashed line, an optional alert threshold as a labelled rule, the
 * latest value printed at the end of each line. n/a points break the line: a gap, never a 0.
 */
export function timeSeriesSpec(chart: TimeSeriesChart): TopLevelSpec {
  const keys = legendKeys(chart);
  const current: Row[] = [];
  const previous: Row[] = [];
  chart.series.forEach((series, s) => {
    const xs = series.points.map((p) => wallClockMs(p.t, chart.timeZone));
    series.points.forEach((p, i) => current.push({ key: keys.current[s] ?? '', x: xs[i] ?? 0, y: p.value }));
    // "Aligned to the same x positions": previous[i] is drawn above points[i].
    (series.previous ?? []).slice(0, xs.length).forEach((p, i) => {
      previous.push({ key: keys.previous[s] ?? '', x: xs[i] ?? 0, y: p.value });
    });
  });

  const allX = current.map((r) => r.x);
  const first = Math.min(...allX);
  const last = Math.max(...allX);
  const longest = Math.max(...chart.series.map((s) => s.points.length));
  const dots = [
    ...previous.filter((_r, i) => isolated(previous, i)),
    ...current.filter((r, i) => r.y !== null && (longest <= DOTS_UP_TO || isolated(current, i))),
  ];
  const latest = chart.series.length <= 3 ? latestValueLabels(chart, keys.current) : [];
  // With one short series, each gap is labelled so nobody reads it as missing data or a drawing fault.
  const gaps = chart.series.length === 1 && longest <= DOTS_UP_TO ? current.filter((r) => r.y === null) : [];

  const color = {
    field: 'key',
    type: 'nominal' as const,
    scale: { domain: keys.domain, range: keys.colors },
    legend: keys.domain.length > 1 ? { symbolType: 'stroke', symbolSize: 500, columns: legendColumns(keys.domain) } : null,
    sort: null,
  };
  // The same field on strokeDash merges into the colour legend, so "Previous period" shows dashed.
  const strokeDash = {
    field: 'key',
    type: 'nominal' as const,
    scale: { domain: keys.domain, range: keys.dashes },
    legend: color.legend,
    sort: null,
  };
  const x = {
    field: 'x',
    type: 'temporal' as const,
    scale: { type: 'utc' as const, domain: xDomain(first, last, chart.bucket) },
    axis: {
      title: `${bucketTitle(chart.bucket)} (${chart.timeZone})`,
      values: timeAxisTicks(first, last, chart.bucket, chart.bucket === 'hour' ? 8 : 10),
      labelExpr: timeAxisLabelExpression(chart.bucket, new Date(first).getUTCFullYear() !== new Date(last).getUTCFullYear()),
      grid: false,
      labelFlush: true,
      labelPadding: 6,
    },
  };
  const values = [...current, ...previous].flatMap((r) => (r.y === null ? [] : [r.y]));
  if (chart.band) values.push(...chart.band.points.flatMap((p) => (p.high === null ? [] : [p.high])));
  const yDomain = niceZeroDomain(chart.threshold ? [...values, chart.threshold.value] : values, Y_TICKS);
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    scale: { domain: yDomain, nice: false },
    axis: {
      title: truncateToWidth(yAxisTitle(chart), TIME_SERIES_SIZE.height - 160, chartLayout.axisTitleSize),
      labelExpr: axisLabelExpression(chart.unit),
      tickCount: Y_TICKS,
      domain: false,
      ticks: false,
      labelPadding: 8,
      ...(chart.unit === 'count' ? { tickMinStep: 1 } : {}),
    },
  };
  const thin = longest > 200;
  const threshold = chart.threshold ? thresholdLayers(chart.threshold, thresholdNearTop(chart.threshold.value, yDomain)) : [];

  const layers: LayerSpec<string>['layer'] = [];
  if (chart.band) layers.push(...bandLayers(chart.band, chart));
  if (threshold[0]) layers.push(threshold[0]);
  if (previous.length > 0) {
    layers.push({
      data: { values: previous },
      mark: { type: 'line', strokeWidth: thin ? 1.25 : 2, invalid: 'break-paths-show-domains' },
      encoding: { x, y, color, strokeDash },
    });
  }
  layers.push({
    data: { values: current },
    mark: { type: 'line', strokeWidth: thin ? 1.5 : 2.5, invalid: 'break-paths-show-domains' },
    encoding: { x, y, color, strokeDash },
  });
  if (dots.length > 0) {
    layers.push({
      data: { values: dots },
      mark: { type: 'point', filled: true, size: longest <= DOTS_UP_TO ? 36 : 24, opacity: 1 },
      encoding: { x, y, color },
    });
  }
  if (gaps.length > 0) {
    layers.push({
      data: { values: gaps },
      mark: { type: 'text', y: 'height', dy: -8, baseline: 'bottom', fontSize: 11, color: chartColors.faintText },
      encoding: { x, text: { value: 'n/a' } },
    });
  }
  layers.push(...threshold.slice(1));
  if (latest.length > 0) {
    layers.push({
      data: { values: latest },
      mark: { type: 'text', align: 'left', dx: 8, fontWeight: 'bold', fontSize: 13 },
      encoding: { x, y, text: { field: 'text' }, color },
    });
  }

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    width: TIME_SERIES_SIZE.width,
    height: TIME_SERIES_SIZE.height,
    autosize: { type: 'fit', contains: 'padding' },
    title: chartTitle(chart.title, chart.subtitle),
    layer: layers,
  };
}

interface LegendKeys {
  current: string[];
  previous: string[];
  domain: string[];
  colors: string[];
  dashes: number[][];
}

/** One legend entry per series and per previous-period line, with unique names. */
function legendKeys(chart: TimeSeriesChart): LegendKeys {
  const seen = new Set<string>();
  const unique = (name: string): string => {
    let candidate = name;
    for (let n = 2; seen.has(candidate); n++) candidate = `${name} (${n})`;
    seen.add(candidate);
    return candidate;
  };
  const keys: LegendKeys = { current: [], previous: [], domain: [], colors: [], dashes: [] };
  chart.series.forEach((series, s) => {
    const name = unique(truncateToWidth(series.label, LEGEND_LABEL_MAX, chartLayout.labelSize));
    keys.current.push(name);
    keys.domain.push(name);
    keys.colors.push(seriesPalette[s % seriesPalette.length] ?? chartColors.text);
    keys.dashes.push([1, 0]);
  });
  chart.series.forEach((series, s) => {
    const label = chart.series.length === 1 ? 'Previous period' : `${truncateToWidth(series.label, LEGEND_LABEL_MAX - 80, chartLayout.labelSize)} (previous)`;
    const name = unique(label);
    keys.previous.push(name);
    if (series.previous && series.previous.length > 0) {
      keys.domain.push(name);
      keys.colors.push(previousPalette[s % previousPalette.length] ?? chartColors.faintText);
      keys.dashes.push([6, 4]);
    }
  });
  return keys;
}

/** A value with no value beside it in its own line: a line mark cannot show it, so it gets a dot. */
function isolated(rows: Row[], i: number): boolean {
  const row = rows[i];
  const valued = (r: Row | undefined): boolean => r !== undefined && r.key === row?.key && r.y !== null;
  return valued(row) && !valued(rows[i - 1]) && !valued(rows[i + 1]);
}

function latestValueLabels(chart: TimeSeriesChart, keys: string[]): { key: string; x: number; y: number; text: string }[] {
  return chart.series.flatMap((series, s) => {
    const latest = series.points.findLast((p) => p.value !== null);
    if (!latest || latest.value === null) return [];
    return [{ key: keys[s] ?? '', x: wallClockMs(latest.t, chart.timeZone), y: latest.value, text: formatValue(latest.value, chart.unit) }];
  });
}

function thresholdLayers(threshold: { value: number; label: string }, nearTop: boolean): UnitSpec<string>[] {
  const data = { values: [{ y: threshold.value, text: threshold.label }] };
  const y = { field: 'y', type: 'quantitative' as const };
  // Above the rule, or below it when the rule runs along the top of the plot (where the legend is).
  const label = {
    type: 'text' as const,
    align: 'right' as const,
    baseline: nearTop ? ('top' as const) : ('bottom' as const),
    dy: nearTop ? 5 : -5,
    x: 'width' as const,
    fontWeight: 'bold' as const,
  };
  return [
    { data, mark: { type: 'rule', color: chartColors.threshold, strokeWidth: 1.5, strokeDash: [4, 3] }, encoding: { y } },
    // A white outline under the label keeps it legible where a line runs through it.
    { data, mark: { ...label, stroke: chartColors.background, strokeWidth: 5, strokeJoin: 'round', color: chartColors.background }, encoding: { y, text: { field: 'text' } } },
    { data, mark: { ...label, color: chartColors.threshold }, encoding: { y, text: { field: 'text' } } },
  ];
}

/** Whether a rule at `value` lies in the top 8 % of the plot, too close to the edge for a label above it. */
function thresholdNearTop(value: number, [low, high]: [number, number]): boolean {
  return (high - value) / (high - low) < 0.08;
}

/** The x range: the buckets themselves, or one bucket either side of a lone point so it sits mid-chart. */
function xDomain(first: number, last: number, bucket: TimeSeriesChart['bucket']): [number, number] {
  return first === last ? [first - bucketMs(bucket), last + bucketMs(bucket)] : [first, last];
}

function bucketTitle(bucket: TimeSeriesChart['bucket']): string {
  return bucket === 'hour' ? 'Hour' : bucket === 'day' ? 'Day' : 'Week starting';
}

function yAxisTitle(chart: TimeSeriesChart): string {
  const [only] = chart.series;
  if (chart.series.length === 1 && only) return `${only.label}${unitSuffix(chart.unit)}`;
  const names: Record<Unit, string> = { share: 'Rate', count: 'Count', ms: 'Milliseconds', s: 'Seconds', score: 'Score', money: 'Amount', usd: 'US dollars' };
  return names[chart.unit];
}

/** As many legend entries per row as fit the card, so a long legend wraps instead of widening it. */
function legendColumns(labels: string[]): number {
  const entry = Math.max(...labels.map((l) => measureText(l, chartLayout.labelSize))) + 24 + 18;
  const room = chartLayout.width - 2 * chartLayout.padding - 60;
  const total = labels.reduce((sum, l) => sum + measureText(l, chartLayout.labelSize) + 24 + 18, 0);
  return total <= room ? labels.length : Math.max(1, Math.floor(room / entry));
}
