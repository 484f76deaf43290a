import { Resvg } from '../../src/charts/resvg.ts';
import { describe, expect, it } from 'vitest';
import { CHART_FONT_FAMILY, chartFontFiles } from '../../src/charts/chart-fonts.ts';
import { outlineSvgText } from '../../src/charts/outline-svg-text.ts';
import { renderChartSvg } from '../../src/charts/render-chart-png.ts';
import type { ChartRequest } from '../../src/replies/reply.ts';
import { chartFixtures } from './chart-fixtures.ts';

/** resvg's own pixels for an SVG, text set by resvg from the chart font. */
function pixels(svg: string): Buffer {
  const files = chartFontFiles();
  const font = { loadSystemFonts: false, fontFiles: [files.regular, files.bold], defaultFontFamily: CHART_FONT_FAMILY };
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: '#FFFFFF', font }).render().pixels;
}

/** Mean and largest difference of two equally sized RGBA pictures, per channel (0–255). */
function difference(a: Buffer, b: Buffer): { mean: number; max: number } {
  expect(a.length).toBe(b.length);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / a.length, max };
}

const svgOf = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60">${body}</svg>`;

describe('outlineSvgText', () => {
  it.each(Object.entries(chartFixtures()) as [string, ChartRequest][])('draws the %s chart as resvg draws its text', async (_kind, request) => {
    const svg = await renderChartSvg(request);
    const outlined = outlineSvgText(svg);
    expect(outlined).not.toContain('<text');
    // Only anti-aliased glyph edges may differ (sub-pixel rounding): nothing a reader could see.
    const { mean, max } = difference(pixels(svg), pixels(outlined));
    expect(mean).toBeLessThan(0.05);
    expect(max).toBeLessThanOrEqual(96);
  });

  it('kerns, joins ligatures, anchors, breaks lines and decodes entities as resvg does', () => {
    const text = (attributes: string, body: string) => `<text font-family="DejaVu Sans" font-size="16px" ${attributes}>${body}</text>`;
    const svg = svgOf(
      text('transform="translate(200,20)" text-anchor="middle" font-weight="bold"', 'AVA office &amp; To &lt;fi&gt;') +
        text('transform="translate(390,20)" text-anchor="end" fill="#C0440A" stroke="#FFFFFF" stroke-width="3"', '<tspan>Alert above</tspan><tspan x="0" dy="20">20 % · 1,850 ms</tspan>'),
    );
    const outlined = outlineSvgText(svg);
    expect(outlined).not.toContain('<text');
    const { mean, max } = difference(pixels(svg), pixels(outlined));
    expect(mean).toBeLessThan(0.1);
    expect(max).toBeLessThanOrEqual(96);
  });

  it('leaves text it cannot place exactly to resvg: a character the font lacks, another font, other markup', () => {
    const svg = svgOf(
      '<text font-family="DejaVu Sans" font-size="12px">漢字 bot</text>' +
        '<text font-family="Georgia" font-size="12px">serif</text>' +
        '<text font-family="DejaVu Sans" font-size="12px"><tspan font-weight="bold">bold</tspan> part</text>' +
        '<text font-family="DejaVu Sans" font-size="12px">plain</text>',
    );
    const outlined = outlineSvgText(svg);
    expect(outlined.match(/<text/g)).toHaveLength(3);
    expect(outlined).toContain('漢字 bot</text>');
    expect(outlined).not.toContain('>plain<');
  });
});
