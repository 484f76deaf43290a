import type { TopLevelSpec } from 'vega-lite';
import type { OutcomesChart } from '../replies/reply.ts';
import { chartColors, chartConfig, chartLayout } from './chart-theme.ts';
import { chartTitle, extraTitleHeight } from './chart-title.ts';
import { formatValue } from '../metrics/format.ts';
import { measureText } from './measure-text.ts';

const GROUP_HEIGHT = 70;
const FRAME_HEIGHT = 150;
/** Bars fill this share of the plot; the rest holds each group's size. */
const BAR_SHARE = 0.76;
/** Plot width left once the group labels are drawn: used to decide which segment labels fit. */
const PLOT_WIDTH = chartLayout.width - 2 * chartLayout.padding - 100;

const OUTCOMES = [
  { key: 'success', name: 'Success', color: '#0072B2', text: '#FFFFFF' },
  { key: 'mixed', name: 'Mixed', color: '#A6CEE8', text: chartColors.text },
  { key: 'unsuccessful', name: 'Unsuccessful', color: chartColors.bad, text: '#FFFFFF' },
] as const;

/**
 * Outcomes (the `outcomes` command): contained and escalated conversations, each a full-length
 * bar split into success, mixed and unsuccessful by share of the group (so a small group's outcomes
 * stay readable), each share printed where it fits, and the group's size and share of all
 * conversations on the right.
 */
export function outcomesSpec(chart: OutcomesChart): TopLevelSpec {
  const totals = chart.groups.map((g) => g.success + g.mixed + g.unsuccessful);
  const all = totals.reduce((a, b) => a + b, 0);
  const domainMax = 1 / BAR_SHARE;
  const groupName = (group: string): string => (group === 'contained' ? 'Contained' : 'Escalated');

  const segments = chart.groups.flatMap((g, i) => {
    const total = totals[i] ?? 0;
    if (total === 0) return [];
    let from = 0;
    return OUTCOMES.flatMap((o) => {
      const share = g[o.key] / total;
      if (share === 0) return [];
      const label = formatValue(share, 'share');
      const pixels = (share / domainMax) * PLOT_WIDTH;
      const segment = { group: groupName(g.group), outcome: o.name, from, to: from + share, label, fits: pixels >= measureText(label, 12, true) + 12, textColor: o.text };
      from += share;
      return [segment];
    });
  });
  const groups = chart.groups.map((g, i) => ({
    group: groupName(g.group),
    empty: totals[i] === 0,
    total: `${formatValue(totals[i] ?? 0, 'count')} conversations`,
    share: `${formatValue(all > 0 ? (totals[i] ?? 0) / all : null, 'share')} of all`,
  }));

  const title = chartTitle(chart.title, chart.subtitle);
  const y = {
    field: 'group',
    type: 'nominal' as const,
    sort: null,
    scale: { paddingInner: 0.4 },
    axis: { title: null, ticks: false, domain: false, labelPadding: 10, labelColor: chartColors.text, labelFontSize: 13 },
  };
  const x = { type: 'quantitative' as const, scale: { domain: [0, domainMax], nice: false }, axis: null };
  const rightColumn = { type: 'text' as const, x: 'width' as const, align: 'right' as const };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    width: chartLayout.width,
    height: FRAME_HEIGHT + extraTitleHeight(title) + chart.groups.length * GROUP_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    title,
    encoding: { y },
    layer: [
      {
        data: { values: segments },
        mark: { type: 'bar' },
        encoding: {
          x: { ...x, field: 'from' },
          x2: { field: 'to' },
          color: {
            field: 'outcome',
            type: 'nominal',
            scale: { domain: OUTCOMES.map((o) => o.name), range: OUTCOMES.map((o) => o.color) },
            legend: { symbolType: 'square', symbolSize: 140 },
          },
        },
      },
      {
        data: { values: segments.filter((s) => s.fits) },
        transform: [{ calculate: '(datum.from + datum.to) / 2', as: 'middle' }],
        mark: { type: 'text', fontWeight: 'bold' },
        encoding: { x: { ...x, field: 'middle' }, text: { field: 'label' }, color: { field: 'textColor', type: 'nominal', scale: null } },
      },
      {
        data: { values: groups.filter((g) => g.empty) },
        mark: { type: 'text', x: 0, align: 'left', color: chartColors.mutedText },
        encoding: { text: { value: 'no conversations' } },
      },
      { data: { values: groups }, mark: { ...rightColumn, dy: -8, fontWeight: 'bold' }, encoding: { text: { field: 'total' } } },
      { data: { values: groups }, mark: { ...rightColumn, dy: 9, color: chartColors.mutedText }, encoding: { text: { field: 'share' } } },
    ],
  };
}
