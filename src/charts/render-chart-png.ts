import { renderAsync, type ResvgRenderOptions } from './resvg.ts';
import * as vega from 'vega';
import type { ChartRequest } from '../replies/reply.ts';
import { chartAltText } from './chart-alt-text.ts';
import { chartColors } from './chart-theme.ts';
import { CHART_FONT_FAMILY, chartFontFiles } from './chart-fonts.ts';
import { chartSpec } from './chart-spec.ts';
import { chartRuntime, type ChartRuntime } from './chart-runtime-cache.ts';
import { encodePng } from './encode-png.ts';
import { useMeasuredTextWidths } from './measure-text.ts';
import { outlineSvgText } from './outline-svg-text.ts';

/**
 * Device pixels per layout pixel. Slack shows a message's image at most ~360 px tall (~640 × 360
 * for a 16:9 chart) and a Teams card is at most ~540 px wide, so 1.5× (1200 × 675 for the 800 × 450
 * time series) still gives about two device pixels per displayed pixel on high-density screens,
 * with 56 % of the pixels 2× had to draw and compress.
 */
export const PIXEL_RATIO = 1.5;

export interface RenderedChart {
  png: Buffer;
  /** Pixel size of the PNG (PIXEL_RATIO × the chart's layout size, rounded). */
  width: number;
  height: number;
  /** For Slack's `alt_text` and Teams' `altText`. */
  altText: string;
}

let resvgOptions: { withFonts: ResvgRenderOptions; withoutFonts: ResvgRenderOptions } | undefined;

/**
 * resvg's options, built once: only the bundled DejaVu Sans, never the machine's fonts — and no
 * fonts at all when every text is already glyph outlines (the usual case), since resvg reads and
 * indexes the font files on every render it is given them (~12 % of its time for a time series).
 */
function renderOptions(svg: string): ResvgRenderOptions {
  if (!resvgOptions) {
    const fonts = chartFontFiles();
    const common = {
      fitTo: { mode: 'zoom', value: PIXEL_RATIO },
      // Every pixel opaque, so resvg's premultiplied RGBA is plain RGBA for encodePng.
      background: chartColors.background,
    } as const;
    resvgOptions = {
      withFonts: {
        ...common,
        font: { loadSystemFonts: false, fontFiles: [fonts.regular, fonts.bold], defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
      },
      withoutFonts: { ...common, font: { loadSystemFonts: false } },
    };
  }
  return svg.includes('<text') ? resvgOptions.withFonts : resvgOptions.withoutFonts;
}

/**
 * Draws a chart request as a PNG, in-process: vega-lite spec → vega (compiled once per shape of
 * spec) → SVG (text turned into glyph outlines) → resvg → PNG. Always
 * returns a picture: a request with nothing to plot gives a "no data in this window" card.
 *
 * Rasterising and compressing run in libuv's thread pool. Besides freeing the event loop, that
 * matters for memory: resvg 2.6 frees an image's native pixels only in a finalizer that runs on a
 * later turn of the event loop, so a loop of synchronous renders would grow RSS ~6 MB per chart.
 */
export async function renderChartPng(request: ChartRequest): Promise<RenderedChart> {
  const svg = await renderChartSvg(request);
  const image = await rasteriseSvg(svg);
  const { width, height } = image;
  const png = await encodePng(image.pixels, width, height);
  return { png, width, height, altText: chartAltText(request) };
}

/** The chart as an SVG document (layout size, text as `<text>` in DejaVu Sans). */
export async function renderChartSvg(request: ChartRequest): Promise<string> {
  return layOutRuntime(chartRuntime(chartSpec(request)));
}

/** Parses and lays out a vega specification, with text measured in the chart font, as an SVG document. */
export async function layOutSvg(spec: vega.Spec): Promise<string> {
  return layOutRuntime({ runtime: vega.parse(spec), datasets: new Map() });
}

/**
 * Lays out a parsed chart, its datasets loaded, as an SVG document. Each call builds its own View
 * from its own copy of the runtime, so concurrent renders cannot see each other's data.
 */
export async function layOutRuntime({ runtime, datasets }: ChartRuntime): Promise<string> {
  useMeasuredTextWidths();
  const view = new vega.View(runtime, { renderer: 'none' });
  try {
    for (const [name, rows] of datasets) view.data(name, rows);
    return withCardBorder(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Pixels of the SVG at PIXEL_RATIO, its text drawn from glyph outlines read once per process. */
export async function rasteriseSvg(svg: string): Promise<{ pixels: Buffer; width: number; height: number }> {
  const outlined = outlineSvgText(svg);
  return renderAsync(outlined, renderOptions(outlined));
}

/**
 * Draws a hairline around the picture: on Slack's and Teams' light themes the white card would
 * otherwise have no edge. (On dark themes the card's own background is the edge.)
 */
function withCardBorder(svg: string): string {
  const size = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!size) return svg;
  const width = Number(size[1]);
  const height = Number(size[2]);
  const border = `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="${chartColors.cardBorder}"/>`;
  return svg.replace(/<\/svg>\s*$/, `${border}</svg>`);
}
