import { describe, expect, it } from 'vitest';
import { chartSpec } from '../../src/charts/chart-spec.ts';
import { PIXEL_RATIO, renderChartPng, renderChartSvg } from '../../src/charts/render-chart-png.ts';
import type { ChartRequest } from '../../src/replies/reply.ts';
import { PNG_SIGNATURE, decodePng, luminanceVariance, pngSize } from '../helpers/decode-png.ts';
import { chartFixtures } from './chart-fixtures.ts';

/** The layout size vega gives the chart (the SVG's size); the PNG must be PIXEL_RATIO times it. */
async function layoutSize(request: ChartRequest): Promise<{ width: number; height: number }> {
  const svg = await renderChartSvg(request);
  const match = /^<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
  if (!match) throw new Error('no size on the SVG');
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** resvg rounds a scaled size up to whole pixels. */
const pixelSize = (layout: { width: number; height: number }) => ({ width: Math.ceil(PIXEL_RATIO * layout.width), height: Math.ceil(PIXEL_RATIO * layout.height) });

describe('renderChartPng', () => {
  const kinds = Object.entries(chartFixtures()) as [string, ChartRequest][];

  it.each(kinds)('renders the %s chart as a valid PNG at PIXEL_RATIO times its layout size', async (_kind, request) => {
    const chart = await renderChartPng(request);
    expect(chart.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const size = pngSize(chart.png);
    const layout = await layoutSize(request);
    expect(layout.width).toBe(800);
    expect(size).toEqual(pixelSize(layout));
    expect({ width: chart.width, height: chart.height }).toEqual(size);
    // The whole file decodes (every chunk and row filter is sound) to a picture with content.
    const image = decodePng(chart.png);
    expect(luminanceVariance(image, { x: 0, y: 0, width: image.width, height: image.height })).toBeGreaterThan(100);
    expect(chart.altText.length).toBeGreaterThan(20);
  });

  it('sizes single-view charts exactly as their spec declares', async () => {
    const { timeseries, bars, funnel, outcomes } = chartFixtures();
    for (const request of [timeseries, bars, funnel, outcomes]) {
      const spec = chartSpec(request) as { width: number; height: number };
      expect(pngSize((await renderChartPng(request)).png)).toEqual(pixelSize(spec));
    }
    expect(pngSize((await renderChartPng(timeseries)).png)).toEqual({ width: 1200, height: 675 });
  });

  it('draws the same request the same way every time', async () => {
    const { funnel } = chartFixtures();
    const first = await renderChartPng(funnel);
    const second = await renderChartPng(funnel);
    expect(first.png.equals(second.png)).toBe(true);
  });
});
