import { describe, expect, it } from 'vitest';
import { renderChartPng, renderChartSvg } from '../../src/charts/render-chart-png.ts';
import type { ChartRequest, Point, TimeSeriesChart } from '../../src/replies/reply.ts';
import { type DecodedPng, decodePng, luminanceVariance } from '../helpers/decode-png.ts';
import { chartFixtures } from './chart-fixtures.ts';

/** The middle of the picture, below title and subtitle: where the plot or the "no data" note is. */
function plotArea(image: DecodedPng): { x: number; y: number; width: number; height: number } {
  return { x: Math.round(image.width * 0.1), y: Math.round(image.height * 0.3), width: Math.round(image.width * 0.8), height: Math.round(image.height * 0.6) };
}

async function plotVariance(request: ChartRequest): Promise<number> {
  const image = decodePng((await renderChartPng(request)).png);
  return luminanceVariance(image, plotArea(image));
}

function withPoints(chart: TimeSeriesChart, points: Point[]): TimeSeriesChart {
  const [series] = chart.series;
  if (!series) throw new Error('fixture has no series');
  return { ...chart, series: [{ ...series, points, previous: undefined }] };
}

describe('charts with little or no data', () => {
  const { timeseries, bars, funnel, outcomes, digest } = chartFixtures();
  const empties: [string, ChartRequest][] = [
    ['a time series with no points', withPoints(timeseries, [])],
    ['a time series with no series', { ...timeseries, series: [] }],
    ['a time series that is n/a throughout', withPoints(timeseries, timeseries.series[0]?.points.map((p) => ({ t: p.t, value: null })) ?? [])],
    ['bars with no bars', { ...bars, bars: [] }],
    ['a funnel nobody entered', { ...funnel, steps: funnel.steps.map((s) => ({ ...s, reached: 0, dropOff: 0 })) }],
    ['outcomes with no settled conversation', { ...outcomes, groups: [] }],
    ['a digest with no panels', { ...digest, panels: [] }],
  ];

  it.each(empties)('draws %s as a "no data in this window" card, never a blank picture', async (_name, request) => {
    const chart = await renderChartPng(request);
    const image = decodePng(chart.png);
    expect(luminanceVariance(image, plotArea(image))).toBeGreaterThan(20);
    const svg = await renderChartSvg(request);
    expect(svg).toMatch(/No (data|values) in this window/);
    expect(chart.altText).toMatch(/No (data|values) in this window/);
  });

  it('draws a single point as a visible dot with its value', async () => {
    const [first] = timeseries.series[0]?.points ?? [];
    if (!first) throw new Error('fixture has no points');
    const single = withPoints(timeseries, [first]);
    expect(await plotVariance(single)).toBeGreaterThan(20);
    const svg = await renderChartSvg({ ...single, threshold: undefined });
    expect(svg).toContain('13.1 %');
    expect(svg).toMatch(/class="mark-symbol role-mark[^"]*"[^>]*>\s*<path/);
  });

  it('draws a single bar, a single funnel step and a single digest panel', async () => {
    expect(await plotVariance({ ...bars, bars: bars.bars.slice(0, 1) })).toBeGreaterThan(20);
    expect(await plotVariance({ ...funnel, steps: funnel.steps.slice(0, 1) })).toBeGreaterThan(20);
    expect(await plotVariance({ ...digest, panels: digest.panels.slice(0, 1) })).toBeGreaterThan(20);
  });

  it('breaks the line at an n/a point instead of drawing it as 0', async () => {
    const svg = await renderChartSvg({ ...timeseries, series: timeseries.series.map((s) => ({ ...s, previous: undefined })) });
    const line = /class="mark-line role-mark[^"]*"[^>]*><path[^>]*\sd="([^"]+)"/.exec(svg);
    expect(line?.[1]).toBeDefined();
    // Two runs of points either side of the gap: two "move to" commands in one path.
    expect(line?.[1]?.match(/M/g)).toHaveLength(2);
  });

  it('renders 1,000 hourly points in one picture', async () => {
    const start = Date.parse('2026-10-13T00:00:00Z');
    const points = Array.from({ length: 1_000 }, (_v, i) => ({
      t: new Date(start + i * 3_600_000).toISOString(),
      value: i % 97 === 0 ? null : 0.12 + 0.05 * Math.sin(i / 12),
    }));
    const request: TimeSeriesChart = { ...withPoints(timeseries, points), bucket: 'hour' };
    const chart = await renderChartPng(request);
    expect(chart.width).toBe(1200);
    expect(await plotVariance(request)).toBeGreaterThan(20);
    expect(chart.altText).toContain('n/a for 11 hours');
  });
});
