import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The one font family every chart uses. DejaVu Sans ships with the project (the `dejavu-fonts-ttf`
 * npm package), so charts look the same on a bare server as on a laptop: resvg draws no text at
 * all, silently, when it finds no font (STACK.md "Charts").
 */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

export interface ChartFontFiles {
  regular: string;
  bold: string;
}

let cached: ChartFontFiles | undefined;

/**
 * Absolute paths of the bundled DejaVu Sans regular and bold TTFs (vega titles are bold, so the
 * bold face must be there too). Resolved through the package, not the working directory, so any
 * cwd works; resolved once.
 */
export function chartFontFiles(): ChartFontFiles {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    cached = { regular: path.join(dir, 'DejaVuSans.ttf'), bold: path.join(dir, 'DejaVuSans-Bold.ttf') };
  }
  return cached;
}
