import type { TopLevelSpec } from 'vega-lite';
import type { FunnelChart } from '../replies/reply.ts';
import { chartColors, chartConfig, chartLayout, seriesPalette } from './chart-theme.ts';
import { chartTitle, extraTitleHeight } from './chart-title.ts';
import { formatValue } from '../metrics/format.ts';
import { uniqueLabels } from './unique-labels.ts';

const STEP_HEIGHT = 56;
/** Title, subtitle, legend and padding around the steps. */
const FRAME_HEIGHT = 150;
const LABEL_WIDTH = 180;
/** Bars use at most this share of the plot; the rest is the column of conversion and drop-off labels. */
const BAR_SHARE = 0.66;

const REACHED = 'Reached the step';
const DROPPED = 'Dropped off since the previous step';

/**
 * A funnel (the `funnel` command): one bar per step in flow order with the conversations that
 * reached it, the conversations lost since the previous step as a pale extension, and on the right
 * the step-to-step conversion and the drop-off (the largest drop-off in bold).
 */
export function funnelSpec(chart: FunnelChart): TopLevelSpec {
  const labels = uniqueLabels(chart.steps.map((s) => s.step), LABEL_WIDTH, chartLayout.labelSize);
  const widest = Math.max(...chart.steps.map((s, i) => s.reached + (i > 0 ? s.dropOff : 0)));
  const largestDrop = Math.max(...chart.steps.slice(1).map((s) => s.dropOff));
  const steps = chart.steps.map((s, i) => ({
    step: labels[i],
    reached: s.reached,
    count: formatValue(s.reached, 'count'),
    first: i === 0,
    conversion: i === 0 ? 'start of the flow' : `${formatValue(s.conversion, 'share')} of previous`,
    dropped: `${formatValue(s.dropOff, 'count')} dropped off`,
    worst: i > 0 && s.dropOff === largestDrop && largestDrop > 0 && chart.steps.length > 2,
  }));
  const parts = chart.steps.flatMap((s, i) => [
    { step: labels[i], part: REACHED, from: 0, to: s.reached },
    ...(i > 0 && s.dropOff > 0 ? [{ step: labels[i], part: DROPPED, from: s.reached, to: s.reached + s.dropOff }] : []),
  ]);

  const title = chartTitle(chart.title, chart.subtitle);
  const y = {
    field: 'step',
    type: 'nominal' as const,
    sort: null,
    scale: { domain: labels, paddingInner: 0.35 },
    axis: { title: null, ticks: false, domain: false, labelPadding: 10, labelColor: chartColors.text, labelFontSize: 13 },
  };
  const x = { type: 'quantitative' as const, scale: { domain: [0, widest / BAR_SHARE], nice: false }, axis: null };
  const rightColumn = { type: 'text' as const, x: 'width' as const, align: 'right' as const };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    width: chartLayout.width,
    height: FRAME_HEIGHT + extraTitleHeight(title) + chart.steps.length * STEP_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    title,
    encoding: { y },
    layer: [
      {
        data: { values: parts },
        mark: { type: 'bar', cornerRadiusEnd: 3 },
        encoding: {
          x: { ...x, field: 'from' },
          x2: { field: 'to' },
          color: {
            field: 'part',
            type: 'nominal',
            scale: { domain: [REACHED, DROPPED], range: [seriesPalette[0], chartColors.lost] },
            // Nothing dropped (a one-step flow): no pale bars, so nothing to explain.
            legend: parts.some((p) => p.part === DROPPED) ? { symbolType: 'square', symbolSize: 140 } : null,
          },
        },
      },
      {
        data: { values: steps },
        mark: { type: 'text', align: 'left', dx: 6, fontWeight: 'bold' },
        encoding: { x: { ...x, field: 'reached' }, text: { field: 'count' } },
      },
      {
        data: { values: steps.filter((s) => s.first) },
        mark: { ...rightColumn, color: chartColors.mutedText },
        encoding: { text: { field: 'conversion' } },
      },
      {
        data: { values: steps.filter((s) => !s.first) },
        mark: { ...rightColumn, dy: -8, color: chartColors.text },
        encoding: { text: { field: 'conversion' } },
      },
      {
        data: { values: steps.filter((s) => !s.first && !s.worst) },
        mark: { ...rightColumn, dy: 9, color: chartColors.bad },
        encoding: { text: { field: 'dropped' } },
      },
      {
        data: { values: steps.filter((s) => s.worst) },
        mark: { ...rightColumn, dy: 9, color: chartColors.bad, fontWeight: 'bold' },
        encoding: { text: { field: 'dropped' } },
      },
    ],
  };
}
