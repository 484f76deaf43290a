/**
 * Where one chart's time goes, stage by stage, timed one after another in the same process: the
 * stages of renderChartPng, then for reference what the cached runtime saves (vega-lite compile
 * and vega parse of the request's own spec) and the same SVG through resvg alone (rasterise and its
 * own PNG encoder: the floor).
 */
import { renderAsync, type ResvgRenderOptions } from '../src/charts/resvg.ts';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { chartFontFiles, CHART_FONT_FAMILY } from '../src/charts/chart-fonts.ts';
import { chartSpec } from '../src/charts/chart-spec.ts';
import { encodePng } from '../src/charts/encode-png.ts';
import { useMeasuredTextWidths } from '../src/charts/measure-text.ts';
import { outlineSvgText } from '../src/charts/outline-svg-text.ts';
import { chartRuntime } from '../src/charts/chart-runtime-cache.ts';
import { layOutSvg, PIXEL_RATIO, rasteriseSvg, renderChartSvg } from '../src/charts/render-chart-png.ts';
import type { ChartRequest } from '../src/replies/reply.ts';

export interface StageTimes {
  /** Median milliseconds per stage, in pipeline order. */
  stages: Record<string, number>;
  /** Strings vega measured while laying the chart out (each one run). */
  measuredStrings: number;
  /** The stages of renderChartPng added up. */
  pipeline: number;
  /** resvg alone: rasterise the SVG (text and all) at PIXEL_RATIO and encode with its own `asPng()`. */
  floor: number;
  /** What the cached runtime replaces: compiling and parsing this request's own spec (not in the pipeline). */
  uncached: { compile: number; parse: number };
}

/** resvg's options as renderChartPng sets them: the font files only where text is left to set. */
const options = (zoom: number, outlinesOnly = false): ResvgRenderOptions => ({
  fitTo: { mode: 'zoom', value: zoom },
  background: '#FFFFFF',
  font: outlinesOnly
    ? { loadSystemFonts: false }
    : { loadSystemFonts: false, fontFiles: [chartFontFiles().regular, chartFontFiles().bold], defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
});

interface TextMetrics {
  width: (item: unknown, text: unknown) => number;
}

/** Times each stage of drawing `request` `runs` times (after warm-up) and returns the medians. */
export async function chartStageTimes(request: ChartRequest, runs: number): Promise<StageTimes> {
  useMeasuredTextWidths();
  // Text measurement happens inside vega's layout: count its time by wrapping the measure.
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  const measure = metrics.width;
  let measuring = 0;
  let measured = 0;
  metrics.width = (item, text) => {
    measured++;
    const start = performance.now();
    const width = measure(item, text);
    measuring += performance.now() - start;
    return width;
  };
  const samples: Record<string, number[]> = {};
  const record = (stage: string, ms: number) => (samples[stage] ??= []).push(ms);
  try {
    for (let i = 0; i < runs + 5; i++) {
      const keep = i >= 5;
      const lap = lapTimer();
      const vl = chartSpec(request);
      const specMs = lap();
      const { runtime, datasets } = chartRuntime(vl);
      const runtimeMs = lap();
      measuring = 0;
      measured = 0;
      const view = new vega.View(runtime, { renderer: 'none' });
      for (const [name, rows] of datasets) view.data(name, rows);
      await view.runAsync();
      const layoutMs = lap();
      const svg = await view.toSVG();
      const svgMs = lap();
      view.finalize();
      const outlined = outlineSvgText(svg);
      const outlineMs = lap();
      const image = await renderAsync(outlined, options(PIXEL_RATIO, !outlined.includes('<text')));
      const rasteriseMs = lap();
      await encodePng(image.pixels, image.width, image.height);
      const encodeMs = lap();
      (await renderAsync(svg, options(PIXEL_RATIO))).asPng();
      const floorMs = lap();
      const { spec } = compile(chartSpec(request));
      const compileMs = lap();
      vega.parse(spec);
      const parseMs = lap();
      if (!keep) continue;
      record('spec (request → vega-lite)', specMs);
      record('runtime from the shape cache', runtimeMs);
      record('vega layout (dataflow, axes, legends)', layoutMs - measuring);
      record('text measurement (in layout)', measuring);
      record('SVG generation', svgMs);
      record('text → glyph outlines', outlineMs);
      record('rasterise (resvg)', rasteriseMs);
      record('PNG encoding', encodeMs);
      record('floor', floorMs);
      record('uncached: vega-lite compile', compileMs);
      record('uncached: vega parse', parseMs);
    }
  } finally {
    metrics.width = measure;
  }
  const m = Object.fromEntries(Object.entries(samples).map(([stage, ms]) => [stage, median(ms)]));
  const { floor = NaN, 'uncached: vega-lite compile': compileMs = NaN, 'uncached: vega parse': parseMs = NaN, ...stages } = m;
  return { stages, measuredStrings: measured, pipeline: round(Object.values(stages).reduce((a, b) => a + b, 0)), floor, uncached: { compile: compileMs, parse: parseMs } };
}

/**
 * Checks that the stages above are renderChartPng's: the cached runtime gives the SVG a fresh compile
 * gives, and the stages' pixels are the pipeline's.
 */
export async function sameAsPipeline(request: ChartRequest): Promise<boolean> {
  const withClipIdsInOrder = (svg: string): string => {
    const ids = new Map<string, number>();
    return svg.replace(/clip\d+/g, (id) => `clip#${ids.get(id) ?? ids.set(id, ids.size).get(id)}`);
  };
  const pipelineSvg = await renderChartSvg(request);
  const freshSvg = await layOutSvg(compile(chartSpec(request)).spec);
  const { runtime, datasets } = chartRuntime(chartSpec(request));
  const view = new vega.View(runtime, { renderer: 'none' });
  for (const [name, rows] of datasets) view.data(name, rows);
  const stageSvg = await view.toSVG();
  view.finalize();
  const outlined = outlineSvgText(stageSvg);
  const stagePixels = (await renderAsync(outlined, options(PIXEL_RATIO, !outlined.includes('<text')))).pixels;
  return (
    withClipIdsInOrder(pipelineSvg) === withClipIdsInOrder(freshSvg) &&
    withClipIdsInOrder(pipelineSvg).startsWith(withClipIdsInOrder(stageSvg).replace(/<\/svg>\s*$/, '')) &&
    stagePixels.length > 0 &&
    (await rasteriseSvg(stageSvg)).pixels.equals(stagePixels)
  );
}

function lapTimer(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = now - last;
    last = now;
    return ms;
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.floor(s.length / 2)] ?? NaN);
}
