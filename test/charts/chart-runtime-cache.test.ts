import { compile } from 'vega-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { chartRuntimeCacheCounts, clearChartRuntimeCache } from '../../src/charts/chart-runtime-cache.ts';
import { chartSpec } from '../../src/charts/chart-spec.ts';
import { layOutSvg, renderChartPng, renderChartSvg } from '../../src/charts/render-chart-png.ts';
import type { ChartRequest, TimeSeriesChart } from '../../src/replies/reply.ts';
import { edgeCaseRequests } from '../../scripts/chart-edge-case-requests.ts';
import { sampleRequests } from '../../scripts/chart-sample-requests.ts';
import { chartFixtures } from './chart-fixtures.ts';

/**
 * The chart as the pipeline drew it before the cache: this request's own spec compiled and parsed.
 * vega numbers clip paths from a counter shared by the process, so ids are compared by order.
 */
async function freshSvg(request: ChartRequest): Promise<string> {
  return withClipIdsInOrder(await layOutSvg(compile(chartSpec(request)).spec));
}

async function cachedSvg(request: ChartRequest): Promise<string> {
  return withClipIdsInOrder(await renderChartSvg(request));
}

function withClipIdsInOrder(svg: string): string {
  const ids = new Map<string, number>();
  return svg.replace(/clip\d+/g, (id) => `clip#${ids.get(id) ?? ids.set(id, ids.size).get(id)}`);
}

/** The time-series fixture with its values scaled and its own title: the same shape, other data. */
function rescaled(chart: TimeSeriesChart, factor: number, title: string): TimeSeriesChart {
  const scale = (p: { t: string; value: number | null }) => ({ t: p.t, value: p.value === null ? null : p.value * factor });
  return {
    ...chart,
    title,
    series: chart.series.map((s) => ({ ...s, points: s.points.map(scale), previous: s.previous?.map(scale) })),
    threshold: chart.threshold ? { ...chart.threshold, value: chart.threshold.value * factor } : undefined,
  };
}

/** The time-series fixture with a usual band around its values (n/a where the value is). */
function withBand(chart: TimeSeriesChart): TimeSeriesChart {
  const points = chart.series[0]?.points ?? [];
  return {
    ...chart,
    band: { label: 'usual range', points: points.map((p) => ({ t: p.t, low: p.value === null ? null : p.value * 0.8, high: p.value === null ? null : p.value * 1.2 })) },
  };
}

describe('the chart runtime cache', () => {
  beforeEach(() => clearChartRuntimeCache());

  const requests = Object.entries({ ...sampleRequests(), ...edgeCaseRequests(), 'timeseries-band': withBand(chartFixtures().timeseries) });

  it.each(requests)('draws %s exactly as a fresh compile does, on the first render of its shape and from the cache', async (_name, request) => {
    const fresh = await freshSvg(request);
    expect(await cachedSvg(request)).toBe(fresh);
    const { hits } = chartRuntimeCacheCounts();
    expect(await cachedSvg(request)).toBe(fresh);
    expect(chartRuntimeCacheCounts()).toMatchObject({ hits: hits + 1, uncacheable: 0 });
  });

  it('writes another request of the same shape into the cached runtime: its own data, title and domains', async () => {
    const { timeseries } = chartFixtures();
    const first = rescaled(timeseries, 1, 'Hand-off rate');
    // Quotes, a backslash and a line separator must reach the picture as written, not as code.
    const second = rescaled(timeseries, 3.7, 'Hand-off "rate" \\ week\u2028two');
    await cachedSvg(first);
    const { hits, misses } = chartRuntimeCacheCounts();
    const svg = await cachedSvg(second);
    expect(chartRuntimeCacheCounts()).toMatchObject({ hits: hits + 1, misses });
    expect(svg).toBe(await freshSvg(second));
    expect(svg).not.toBe(await freshSvg(first));
  });

  it('gives a domain that now spans 0 a shape of its own (vega-lite draws it differently)', async () => {
    const { timeseries } = chartFixtures();
    await cachedSvg(timeseries);
    const { misses } = chartRuntimeCacheCounts();
    const negative = rescaled(timeseries, -2, 'Negative');
    expect(await cachedSvg(negative)).toBe(await freshSvg(negative));
    expect(chartRuntimeCacheCounts().misses).toBe(misses + 1);
  });

  it('keeps concurrent renders of one shape apart: each picture is the one drawn alone', async () => {
    const { timeseries, bars } = chartFixtures();
    const requests: ChartRequest[] = [
      rescaled(timeseries, 1, 'First'),
      rescaled(timeseries, 2.5, 'Second'),
      rescaled(timeseries, 0.4, 'Third'),
      { ...bars, bars: bars.bars.map((b, i) => ({ label: `${b.label} ${i}`, value: b.value === null ? null : b.value * (i + 1) })) },
      bars,
    ];
    const alone: Buffer[] = [];
    for (const request of requests) alone.push((await renderChartPng(request)).png);
    const together = await Promise.all(requests.map((request) => renderChartPng(request)));
    together.forEach((chart, i) => expect(chart.png.equals(alone[i]!)).toBe(true));
    expect(new Set(alone.map((png) => png.toString('base64'))).size).toBe(requests.length);
  });
});
