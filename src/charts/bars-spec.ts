import type { TopLevelSpec } from 'vega-lite';
import type { BarsChart } from '../replies/reply.ts';
import { chartColors, chartConfig, chartLayout, seriesPalette } from './chart-theme.ts';
import { chartTitle, extraTitleHeight } from './chart-title.ts';
import { formatValue } from '../metrics/format.ts';
import { axisLabelExpression, unitSuffix } from './axis-format.ts';
import { uniqueLabels } from './unique-labels.ts';

/** More bars than this are cut (the reply's table carries them all); a subtitle line says so. */
const MAX_BARS = 25;
const BAR_STEP = 30;
/** Title, subtitle, x axis and padding around the bars. */
const FRAME_HEIGHT = 150;
const LABEL_WIDTH = 220;

/** Pixel size of the bars chart for `count` bars under `title`: bars keep their thickness. */
function barsSize(count: number, title: { text: string[]; subtitle: string[] }): { width: number; height: number } {
  return { width: chartLayout.width, height: FRAME_HEIGHT + extraTitleHeight(title) + Math.min(count, MAX_BARS) * BAR_STEP };
}

/**
 * Horizontal bars of one metric by a dimension (channel, version, bot, intent), in the order
 * given, each labelled with its value. Horizontal so long names stay readable; an n/a value
 * gets no bar and the label "n/a" (a missing bar is not a zero).
 */
export function barsSpec(chart: BarsChart): TopLevelSpec {
  const shown = chart.bars.slice(0, MAX_BARS);
  const labels = uniqueLabels(shown.map((b) => b.label), LABEL_WIDTH, chartLayout.labelSize);
  const rows = shown.map((bar, i) => ({ label: labels[i], value: bar.value, text: formatValue(bar.value, chart.unit) }));
  const subtitle = chart.bars.length > MAX_BARS ? `${chart.subtitle} · first ${MAX_BARS} of ${chart.bars.length} ${chart.dimension} values shown` : chart.subtitle;
  const title = chartTitle(chart.title, subtitle);
  const size = barsSize(shown.length, title);
  const y = { field: 'label', type: 'nominal' as const, sort: null, scale: { domain: labels, paddingInner: 0.3 }, axis: { title: null, ticks: false, domain: false, labelPadding: 8, labelColor: chartColors.text } };
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    scale: { zero: true, nice: 5 },
    axis: {
      title: `${chart.metricLabel}${unitSuffix(chart.unit)}`,
      labelExpr: axisLabelExpression(chart.unit),
      tickCount: 5,
      domain: false,
      ticks: false,
      ...(chart.unit === 'count' ? { tickMinStep: 1 } : {}),
    },
  };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    width: size.width,
    height: size.height,
    autosize: { type: 'fit', contains: 'padding' },
    title,
    data: { values: rows },
    encoding: { y },
    layer: [
      { mark: { type: 'bar', color: seriesPalette[0], cornerRadiusEnd: 3 }, encoding: { x } },
      {
        transform: [{ filter: 'datum.value !== null' }],
        mark: { type: 'text', align: 'left', dx: 6, fontWeight: 'bold' },
        encoding: { x, text: { field: 'text' } },
      },
      {
        transform: [{ filter: 'datum.value === null' }],
        mark: { type: 'text', align: 'left', dx: 6, x: 0, color: chartColors.mutedText },
        encoding: { text: { field: 'text' } },
      },
    ],
  };
}
