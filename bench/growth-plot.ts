/** The log-log plot of answer time against dataset size, drawn with botwatch's own chart pipeline and theme. */
import fs from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import type { PositionFieldDef } from 'vega-lite/types_unstable/channeldef.js';
import { chartColors, chartConfig, chartLayout, seriesPalette } from '../src/charts/chart-theme.ts';
import { encodePng } from '../src/charts/encode-png.ts';
import { layOutSvg, rasteriseSvg } from '../src/charts/render-chart-png.ts';

export interface PlotPoint {
  series: string;
  conversations: number;
  ms: number;
}

/** The answer-time goal at every size, drawn as a rule. */
const GOAL_MS = 300;

export async function writeGrowthPlot(file: string, points: PlotPoint[], subtitle: string): Promise<void> {
  const series = [...new Set(points.map((p) => p.series))];
  // Six palette colours, then the neutral grey: no two lines share a colour.
  const colors = series.map((_s, i) => seriesPalette[i] ?? chartColors.neutral);
  const x: PositionFieldDef<string> = { field: 'conversations', type: 'quantitative', scale: { type: 'log', domain: [1e5, 1e7] }, axis: { title: 'Conversations in the database', format: '~s', values: [1e5, 2.5e5, 1e6, 4e6, 1e7] } };
  const y: PositionFieldDef<string> = { field: 'ms', type: 'quantitative', scale: { type: 'log', domain: [10, 30_000] }, axis: { title: 'p95 (ms)', values: [10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000], format: ',' } };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: chartConfig(),
    width: chartLayout.width - 260,
    height: 380,
    title: { text: 'p95 answer time against dataset size (log-log)', subtitle },
    layer: [
      { data: { values: [{ ms: GOAL_MS }] }, mark: { type: 'rule', color: chartColors.threshold, strokeDash: [4, 3] }, encoding: { y } },
      {
        data: { values: [{ ms: GOAL_MS, conversations: 1e7, label: `answer goal ${GOAL_MS} ms` }] },
        mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, color: chartColors.threshold, fontWeight: 'bold' },
        encoding: { x, y, text: { field: 'label' } },
      },
      {
        data: { values: points },
        encoding: { x, y, color: { field: 'series', type: 'nominal', scale: { domain: series, range: colors }, legend: { orient: 'right', direction: 'vertical', title: null } } },
        layer: [{ mark: { type: 'line', strokeWidth: 2.5 } }, { mark: { type: 'point', filled: true, size: 50 } }],
      },
    ],
  };
  const image = await rasteriseSvg(await layOutSvg(compile(spec).spec));
  fs.writeFileSync(file, await encodePng(image.pixels, image.width, image.height));
}
