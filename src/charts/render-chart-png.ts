import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { ChartRequest } from '../replies/reply.ts';
import { chartAltText } from './chart-alt-text.ts';
import { chartColors } from './chart-theme.ts';
import { CHART_FONT_FAMILY, chartFontFiles } from './chart-fonts.ts';
import { chartSpec } from './chart-spec.ts';
import { encodePng } from './encode-png.ts';
import { useMeasuredTextWidths } from './measure-text.ts';

/** Slack and Teams scale images down to fit; drawing at 2× keeps them sharp on high-density screens. */
export const PIXEL_RATIO = 2;

export interface RenderedChart {
  png: Buffer;
  /** Pixel size of the PNG (PIXEL_RATIO × the chart's layout size). */
  width: number;
  height: number;
  /** For Slack's `alt_text` and Teams' `altText`. */
  altText: string;
}

let resvgOptions: ResvgRenderOptions | undefined;

/** Font options built once: only the bundled DejaVu Sans, never the machine's fonts. */
function renderOptions(): ResvgRenderOptions {
  if (!resvgOptions) {
    const fonts = chartFontFiles();
    resvgOptions = {
      fitTo: { mode: 'zoom', value: PIXEL_RATIO },
      // Every pixel opaque, so resvg's premultiplied RGBA is plain RGBA for encodePng.
      background: chartColors.background,
      font: {
        loadSystemFonts: false,
        fontFiles: [fonts.regular, fonts.bold],
        defaultFontFamily: CHART_FONT_FAMILY,
        sansSerifFamily: CHART_FONT_FAMILY,
      },
    };
  }
  return resvgOptions;
}

/**
 * Draws a chart request as a PNG, in-process: vega-lite spec → vega → SVG → resvg → PNG. Always
 * returns a picture: a request with nothing to plot gives a "no data in this window" card.
 *
 * Rasterising and compressing run in libuv's thread pool. Besides freeing the event loop, that
 * matters for memory: resvg 2.6 frees an image's native pixels only in a finalizer that runs on a
 * later turn of the event loop, so a loop of synchronous renders would grow RSS ~6 MB per chart.
 */
export async function renderChartPng(request: ChartRequest): Promise<RenderedChart> {
  const svg = await renderChartSvg(request);
  const image = await renderAsync(svg, renderOptions());
  const { width, height } = image;
  const png = await encodePng(image.pixels, width, height);
  return { png, width, height, altText: chartAltText(request) };
}

/** The chart as an SVG document (layout size, fonts referenced by name). */
export async function renderChartSvg(request: ChartRequest): Promise<string> {
  useMeasuredTextWidths();
  const { spec } = compile(chartSpec(request));
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return withCardBorder(await view.toSVG());
  } finally {
    view.finalize();
  }
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
