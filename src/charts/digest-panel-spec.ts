import type { TopLevelSpec } from 'vega-lite';
import type { Change, DigestPanelChart } from '../replies/reply.ts';
import { chartColors, chartConfig, chartLayout, seriesPalette } from './chart-theme.ts';
import { chartTitle } from './chart-title.ts';
import { measureText, truncateToWidth } from './measure-text.ts';

const SPACING = 12;
const PANEL_HEIGHT = 150;
const INSET = 14;
/** Where the sparkline starts: below the label, the value and the change. */
const SPARK_TOP = 98;
const VS_PREVIOUS = 'vs previous period';

type Panel = DigestPanelChart['panels'][number];

/** Panels per row: one row up to three, 2 × 2 for four, rows of three beyond. */
function digestColumns(count: number): number {
  return count <= 3 ? count : count === 4 ? 2 : 3;
}

/**
 * A digest's headline metrics as a grid of cards: the metric, its value, the change against the
 * previous period (arrow and colour by whether it is good news) and a sparkline of the window
 * with gaps where a value is n/a.
 */
export function digestPanelSpec(chart: DigestPanelChart): TopLevelSpec {
  const columns = digestColumns(chart.panels.length);
  const room = chartLayout.width - 2 * chartLayout.padding;
  const panelWidth = Math.floor((room - (columns - 1) * SPACING) / columns);
  // The pixels left over from rounding go into the gaps, so the picture is exactly the card width.
  const spacing = columns > 1 ? (room - columns * panelWidth) / (columns - 1) : SPACING;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    spacing: { row: SPACING, column: spacing },
    // Concatenated views cannot "fit"; every panel has a fixed size, so the picture's size is fixed too.
    autosize: { type: 'pad' },
    // Lay panels out by their declared size, not their drawn bounds, so spacing is exact.
    bounds: 'flush',
    title: chartTitle(chart.title, chart.subtitle),
    columns,
    concat: chart.panels.map((panel) => panelSpec(panel, panelWidth)),
  };
}

function panelSpec(panel: Panel, width: number): NonNullable<Extract<TopLevelSpec, { concat: unknown }>['concat']>[number] {
  const one = { values: [{}] };
  const text = (x: number, y: number): { type: 'text'; x: number; y: number; align: 'left'; baseline: 'alphabetic' } => ({ type: 'text', x, y, align: 'left', baseline: 'alphabetic' });
  const change = changeText(panel.change);
  const changeWidth = measureText(change.text, 12, true);
  // Sparklines have no axis, so instants need no time-zone conversion: only their order matters.
  const points = panel.points.map((p) => ({ x: Date.parse(p.t), y: p.value }));
  const valued = points.filter((p) => p.y !== null);
  const latest = valued.at(-1);

  return {
    width,
    height: PANEL_HEIGHT,
    layer: [
      {
        data: one,
        // Inset by half the stroke so the border stays inside the panel's declared size.
        mark: { type: 'rect', x: 0.5, x2: width - 0.5, y: 0.5, y2: PANEL_HEIGHT - 0.5, cornerRadius: 6, fill: chartColors.panelFill, stroke: chartColors.panelStroke },
      },
      {
        data: one,
        mark: { ...text(INSET, 26), fontSize: 13, color: chartColors.mutedText },
        encoding: { text: { value: truncateToWidth(panel.label, width - 2 * INSET, 13) } },
      },
      {
        data: one,
        mark: { ...text(INSET, 60), fontSize: 26, fontWeight: 'bold', color: panel.value === null ? chartColors.mutedText : chartColors.text },
        encoding: { text: { value: truncateToWidth(panel.formatted, width - 2 * INSET, 26, true) } },
      },
      {
        data: one,
        mark: { ...text(INSET, 84), fontSize: 12, fontWeight: 'bold', color: change.color },
        encoding: { text: { value: truncateToWidth(change.text, width - 2 * INSET, 12, true) } },
      },
      ...(panel.change && INSET + changeWidth + 5 + measureText(VS_PREVIOUS, 12) <= width - INSET
        ? [{ data: one, mark: { ...text(INSET + changeWidth + 5, 84), fontSize: 12, color: chartColors.mutedText }, encoding: { text: { value: VS_PREVIOUS } } }]
        : []),
      ...(valued.length > 0 ? sparkline(points, latest, width) : [noTrend()]),
    ],
  };
}

/** The change line: arrow, amount and colour. Arrows repeat what colour says, for colour-blind readers. */
function changeText(change: Change | undefined): { text: string; color: string } {
  if (!change) return { text: 'no comparison', color: chartColors.faintText };
  const arrow = change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '→';
  const color = change.assessment === 'good' ? chartColors.good : change.assessment === 'bad' ? chartColors.bad : chartColors.neutral;
  return { text: `${arrow} ${change.formatted}`, color };
}

function sparkline(points: { x: number; y: number | null }[], latest: { x: number; y: number | null } | undefined, width: number) {
  const xs = points.map((p) => p.x);
  const first = Math.min(...xs);
  const last = Math.max(...xs);
  // A lone point sits mid-panel rather than on the left edge.
  const domain = first === last ? [first - 1, last + 1] : [first, last];
  const x = { field: 'x', type: 'quantitative' as const, scale: { domain, range: [INSET, width - INSET] }, axis: null };
  const y = { field: 'y', type: 'quantitative' as const, scale: { zero: false, range: [PANEL_HEIGHT - 14, SPARK_TOP] }, axis: null };
  return [
    {
      data: { values: points },
      mark: { type: 'line' as const, color: seriesPalette[0], strokeWidth: 2, invalid: 'break-paths-show-domains' as const },
      encoding: { x, y },
    },
    {
      data: { values: latest ? [latest] : [] },
      mark: { type: 'point' as const, filled: true, size: 30, color: seriesPalette[0], opacity: 1 },
      encoding: { x, y },
    },
  ];
}

function noTrend() {
  return {
    data: { values: [{}] },
    mark: { type: 'text' as const, x: INSET, y: PANEL_HEIGHT - 20, align: 'left' as const, fontSize: 12, color: chartColors.faintText },
    encoding: { text: { value: 'no trend for this window' } },
  };
}
