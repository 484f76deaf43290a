import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartFontFiles } from '../../src/charts/chart-fonts.ts';
import { PIXEL_RATIO, renderChartPng } from '../../src/charts/render-chart-png.ts';
import type { ChartRequest } from '../../src/replies/reply.ts';
import { type Region, decodePng, differingPixels, luminances } from '../helpers/decode-png.ts';
import { chartFixtures } from './chart-fixtures.ts';

/** Where the title is drawn (in PNG pixels): below the 20 px padding, left-aligned. */
const TITLE_REGION: Region = { x: 20 * PIXEL_RATIO, y: 18 * PIXEL_RATIO, width: 250 * PIXEL_RATIO, height: 22 * PIXEL_RATIO };

/** Enough pixels to be a title: 500 at 2× pixel density, fewer at lower densities. */
const TITLE_PIXELS = 125 * PIXEL_RATIO ** 2;

/** Pixels dark enough to be text (the title is near-black on white). */
function darkPixels(png: Buffer, region: Region): number {
  return luminances(decodePng(png), region).filter((l) => l < 100).length;
}

describe('chart text', () => {
  it('comes from the DejaVu Sans files shipped in node_modules, not the machine', () => {
    const files = chartFontFiles();
    for (const file of [files.regular, files.bold]) {
      expect(path.isAbsolute(file)).toBe(true);
      expect(file).toContain(`${path.sep}dejavu-fonts-ttf${path.sep}`);
      expect(fs.statSync(file).size).toBeGreaterThan(100_000);
    }
  });

  // resvg silently draws no text when it finds no font: then both pictures would be identical.
  it.each(Object.entries(chartFixtures()) as [string, ChartRequest][])(
    'draws the title of the %s chart (two titles of equal length give different pixels)',
    async (_kind, request) => {
      const titled = await renderChartPng({ ...request, title: 'Hand-off rate' });
      const retitled = await renderChartPng({ ...request, title: 'Wxyz-qj ABCDE' });
      expect(pngSizeOf(titled.png)).toEqual(pngSizeOf(retitled.png));
      expect(differingPixels(decodePng(titled.png), decodePng(retitled.png), TITLE_REGION)).toBeGreaterThan(TITLE_PIXELS);
      expect(darkPixels(titled.png, TITLE_REGION)).toBeGreaterThan(TITLE_PIXELS);
    },
  );

  // A line with a character DejaVu lacks stays text for resvg, which must then be given the font
  // files (renders whose text is all outlines are not).
  it('draws a title the outliner leaves as text, with the bundled font', async () => {
    const { bars } = chartFixtures();
    const titled = await renderChartPng({ ...bars, title: 'Hand-off rate \u{1F916}' });
    const retitled = await renderChartPng({ ...bars, title: 'Wxyz-qj ABCDE \u{1F916}' });
    expect(differingPixels(decodePng(titled.png), decodePng(retitled.png), TITLE_REGION)).toBeGreaterThan(TITLE_PIXELS);
    expect(darkPixels(titled.png, TITLE_REGION)).toBeGreaterThan(TITLE_PIXELS);
  });
});

function pngSizeOf(png: Buffer): { width: number; height: number } {
  const image = decodePng(png);
  return { width: image.width, height: image.height };
}
