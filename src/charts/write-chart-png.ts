import fs from 'node:fs/promises';
import path from 'node:path';
import type { ChartRequest } from '../replies/reply.ts';
import { renderChartPng, type RenderedChart } from './render-chart-png.ts';

/**
 * Renders `request` and writes the PNG to `file` (creating its folder), e.g. for
 * `botwatch ask … --out chart.png`. Returns what was drawn, alt text included.
 */
export async function writeChartPng(request: ChartRequest, file: string): Promise<RenderedChart> {
  const chart = await renderChartPng(request);
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, chart.png);
  return chart;
}
