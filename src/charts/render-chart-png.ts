import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { ChartRequest } from '../replies/reply.ts';
import { chartAltText } from './chart-alt-text.ts';
import { CHART_FONT_FAMILY, chartFontFiles } from './chart-fonts.ts';
import { chartSpec } from './chart-spec.ts';
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
 * Draws a chart request as a PNG, in-process: vega-lite spec → vega → SVG → resvg. Always returns
 * a picture: a request with nothing to plot gives a "no data in this window" card.
 */
export async function renderChartPng(request: ChartRequest): Promise<RenderedChart> {
  const svg = await renderChartSvg(request);
  const image = new Resvg(svg, renderOptions()).render();
  return { png: image.asPng(), width: image.width, height: image.height, altText: chartAltText(request) };
}

/** The chart as an SVG document (layout size, fonts referenced by name). */
export async function renderChartSvg(request: ChartRequest): Promise<string> {
  useMeasuredTextWidths();
  const { spec } = compile(chartSpec(request));
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
