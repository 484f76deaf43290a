/** The log-log plot of answer time against dataset size, drawn with botwatch's own chart pipeline and theme. */
import fs from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import { chartConfig, chartLayout, seriesPalette } from '../src/charts/chart-theme.ts';
import { encodePng } from '../src/charts/encode-png.ts';
import { layOutSvg, rasteriseSvg } from '../src/charts/render-chart-png.ts';

export interface PlotPoint {
  series: string;
  conversations: number;
  ms: number;
}

export async function writeGrowthPlot(file: string, points: PlotPoint[], subtitle: string): Promise<void> {
  const series = [...new Set(points.map((p) => p.series))];
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: chartConfig(),
    width: chartLayout.width - 260,
    height: 380,
    title: { text: 'p95 answer time against dataset size (log-log)', subtitle },
    data: { values: points },
    encoding: {
      x: { field: 'conversations', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'Conversations in the database', format: '~s', grid: true } },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'p95 (ms)', grid: true } },
      color: { field: 'series', type: 'nominal', scale: { domain: series, range: series.map((_s, i) => seriesPalette[i % seriesPalette.length]!) }, legend: { orient: 'right', direction: 'vertical', title: null } },
    },
    layer: [{ mark: { type: 'line', strokeWidth: 2.5 } }, { mark: { type: 'point', filled: true, size: 50 } }],
  };
  const image = await rasteriseSvg(await layOutSvg(compile(spec).spec));
  fs.writeFileSync(file, await encodePng(image.pixels, image.width, image.height));
}
