/**
 * Where one chart's time goes, stage by stage, timed one after another in the same process: the
 * stages of renderChartPng, then the same SVG through the pipeline as it was before (resvg shaping
 * the text, 2× pixels) and through resvg alone (rasterise and its own PNG encoder: the floor).
 */
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { chartFontFiles, CHART_FONT_FAMILY } from '../src/charts/chart-fonts.ts';
import { chartSpec } from '../src/charts/chart-spec.ts';
import { encodePng } from '../src/charts/encode-png.ts';
import { useMeasuredTextWidths } from '../src/charts/measure-text.ts';
import { outlineSvgText } from '../src/charts/outline-svg-text.ts';
import { layOutSvg, PIXEL_RATIO } from '../src/charts/render-chart-png.ts';
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
  /** The pipeline as it was before: resvg shaping the text, 2× pixels. */
  before: { rasterise2x: number; encode2x: number };
}

const options = (zoom: number): ResvgRenderOptions => ({
  fitTo: { mode: 'zoom', value: zoom },
  background: '#FFFFFF',
  font: { loadSystemFonts: false, fontFiles: [chartFontFiles().regular, chartFontFiles().bold], defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
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
      const { spec } = compile(vl);
      const compileMs = lap();
      const runtime = vega.parse(spec);
      const parseMs = lap();
      measuring = 0;
      measured = 0;
      const view = new vega.View(runtime, { renderer: 'none' });
      await view.runAsync();
      const layoutMs = lap();
      const svg = await view.toSVG();
      const svgMs = lap();
      view.finalize();
      const outlined = outlineSvgText(svg);
      const outlineMs = lap();
      const image = await renderAsync(outlined, options(PIXEL_RATIO));
      const rasteriseMs = lap();
      await encodePng(image.pixels, image.width, image.height);
      const encodeMs = lap();
      (await renderAsync(svg, options(PIXEL_RATIO))).asPng();
      const floorMs = lap();
      const before = await renderAsync(svg, options(2));
      const before2xMs = lap();
      await encodePng(before.pixels, before.width, before.height);
      const beforeEncodeMs = lap();
      if (!keep) continue;
      record('spec (request → vega-lite)', specMs);
      record('vega-lite compile', compileMs);
      record('vega parse', parseMs);
      record('vega layout (dataflow, axes, legends)', layoutMs - measuring);
      record('text measurement (in layout)', measuring);
      record('SVG generation', svgMs);
      record('text → glyph outlines', outlineMs);
      record('rasterise (resvg)', rasteriseMs);
      record('PNG encoding', encodeMs);
      record('floor', floorMs);
      record('before: rasterise text at 2×', before2xMs);
      record('before: encode 2×', beforeEncodeMs);
    }
  } finally {
    metrics.width = measure;
  }
  const m = Object.fromEntries(Object.entries(samples).map(([stage, ms]) => [stage, median(ms)]));
  const { floor = NaN, 'before: rasterise text at 2×': rasterise2x = NaN, 'before: encode 2×': encode2x = NaN, ...stages } = m;
  return { stages, measuredStrings: measured, pipeline: round(Object.values(stages).reduce((a, b) => a + b, 0)), floor, before: { rasterise2x, encode2x } };
}

/** Checks that the stages above are renderChartPng's: the same SVG comes out of layOutSvg. */
export async function sameSvgAsPipeline(request: ChartRequest): Promise<boolean> {
  const view = new vega.View(vega.parse(compile(chartSpec(request)).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return (await layOutSvg(compile(chartSpec(request)).spec)).startsWith(svg.replace(/<\/svg>\s*$/, ''));
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
