import fs from 'node:fs';
import * as vega from 'vega';
import { chartFontFiles } from './chart-fonts.ts';
import { readAdvanceWidths, type AdvanceWidths } from './ttf-advance-widths.ts';

let faces: { regular: AdvanceWidths; bold: AdvanceWidths } | undefined;

function loadFaces(): { regular: AdvanceWidths; bold: AdvanceWidths } {
  if (!faces) {
    const files = chartFontFiles();
    faces = {
      regular: readAdvanceWidths(fs.readFileSync(files.regular)),
      bold: readAdvanceWidths(fs.readFileSync(files.bold)),
    };
  }
  return faces;
}

/** Width in pixels of `text` set in DejaVu Sans at `fontSize`, as resvg will draw it (no kerning). */
export function measureText(text: string, fontSize: number, bold = false): number {
  const face = bold ? loadFaces().bold : loadFaces().regular;
  let ems = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    ems += (codePoint < 0x10000 ? face.perCodePoint[codePoint] : 0) || face.fallback;
  }
  return ems * fontSize;
}

/**
 * Shortens `text` with an ellipsis so it fits in `maxWidth` pixels. Charts truncate labels here,
 * with the real font's widths, rather than through vega's `limit` (see useMeasuredTextWidths).
 */
export function truncateToWidth(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (measureText(text, fontSize, bold) <= maxWidth) return text;
  const chars = Array.from(text);
  const room = maxWidth - measureText('…', fontSize, bold);
  let kept = 0;
  let width = 0;
  for (const char of chars) {
    const next = width + measureText(char, fontSize, bold);
    if (next > room) break;
    width = next;
    kept++;
  }
  return `${chars.slice(0, kept).join('').trimEnd()}…`;
}

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

interface VegaTextMetrics {
  width: (item: TextItem, text: string | number | null | undefined) => number;
}

let installed = false;

/**
 * Makes vega lay out text with DejaVu Sans's real advance widths. Without a canvas vega guesses
 * 0.8 em per character, which for DejaVu is ~35 % too wide: axes reserve room they do not need and
 * labels get cut early. vega calls a replaced `textMetrics.width` wherever it measures (its source
 * names vl-convert as a user of this hook). The measure ignores vega's `limit` (a truncated label's
 * bounds would count its full width), so charts truncate labels beforehand with truncateToWidth.
 */
export function useMeasuredTextWidths(): void {
  if (installed) return;
  // vega-typings does not declare textMetrics; it is a plain exported object in vega-scenegraph.
  const metrics = (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize ?? 11;
    const weight = item.fontWeight;
    const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
    return measureText(text == null ? '' : String(text).trim(), size, bold);
  };
  installed = true;
}

/**
 * Breaks `text` at spaces into at most `maxLines` lines of `maxWidth` pixels; the last line is
 * truncated with an ellipsis if the text does not fit, and so is a single word wider than a line.
 */
export function wrapToWidth(text: string, maxWidth: number, fontSize: number, bold: boolean, maxLines: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const [i, word] of words.entries()) {
    const candidate = line ? `${line} ${word}` : word;
    if (measureText(candidate, fontSize, bold) <= maxWidth || !line) {
      line = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) {
      line = `${line} ${words.slice(i).join(' ')}`;
      break;
    }
    lines.push(line);
    line = word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((l, i) => (i === lines.length - 1 || measureText(l, fontSize, bold) > maxWidth ? truncateToWidth(l, maxWidth, fontSize, bold) : l));
}
