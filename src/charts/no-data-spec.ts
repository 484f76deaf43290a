import type { TopLevelSpec } from 'vega-lite';
import { chartColors, chartConfig, chartLayout } from './chart-theme.ts';
import { chartTitle } from './chart-title.ts';
import { truncateToWidth } from './measure-text.ts';

const NO_DATA_SIZE = { width: chartLayout.width, height: 260 } as const;

/**
 * The picture for a chart with nothing to plot: the usual title and subtitle over a framed
 * message, so the reader sees at once that the window is empty rather than a broken image.
 */
export function noDataSpec(title: string, subtitle: string, message: string, detail: string): TopLevelSpec {
  const room = NO_DATA_SIZE.width - 2 * chartLayout.padding - 40;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    width: NO_DATA_SIZE.width,
    height: NO_DATA_SIZE.height,
    autosize: { type: 'fit', contains: 'padding' },
    title: chartTitle(title, subtitle),
    data: { values: [{ message: truncateToWidth(message, room, 18, true), detail: truncateToWidth(detail, room, 13) }] },
    layer: [
      {
        mark: {
          type: 'rect',
          x: 0,
          x2: 'width',
          y: 0,
          y2: 'height',
          cornerRadius: 8,
          fill: chartColors.panelFill,
          stroke: chartColors.panelStroke,
          strokeDash: [5, 4],
        },
      },
      {
        mark: { type: 'text', x: { expr: 'width / 2' }, y: { expr: 'height / 2 - 12' }, fontSize: 18, fontWeight: 'bold', color: chartColors.mutedText },
        encoding: { text: { field: 'message' } },
      },
      {
        mark: { type: 'text', x: { expr: 'width / 2' }, y: { expr: 'height / 2 + 16' }, fontSize: 13, color: chartColors.mutedText },
        encoding: { text: { field: 'detail' } },
      },
    ],
  };
}
