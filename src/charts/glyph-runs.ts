import fs from 'node:fs';
import opentype, { type Font, type PathCommand } from 'opentype.js';
import { chartFontFiles } from './chart-fonts.ts';

interface Outline {
  advance: number;
  commands: PathCommand[];
}

/** One face of the chart font, parsed once, with each glyph's outline kept once drawn. */
interface Face {
  font: Font;
  kerning: unknown;
  /** Standard ligatures (ff, fi, fl, ffi, ffl), longest first. */
  ligatures: { sub: number[]; by: number }[];
  outlines: Map<number, Outline>;
}

let faces: { regular: Face; bold: Face } | undefined;

function loadFace(file: string): Face {
  const bytes = fs.readFileSync(file);
  const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  // Chart text is Latin: resvg's shaper applies the Latin script's kerning and ligatures to it, so this does too.
  const ligatures = font.substitution.getLigatures('liga', 'latn', 'dflt').sort((a, b) => b.sub.length - a.sub.length);
  return { font, kerning: font.position.getKerningTables('latn'), ligatures, outlines: new Map() };
}

function face(bold: boolean): Face {
  faces ??= { regular: loadFace(chartFontFiles().regular), bold: loadFace(chartFontFiles().bold) };
  return bold ? faces.bold : faces.regular;
}

function outlineOf(f: Face, index: number): Outline {
  let outline = f.outlines.get(index);
  if (!outline) {
    const glyph = f.font.glyphs.get(index);
    outline = { advance: glyph.advanceWidth ?? 0, commands: glyph.getPath(0, 0, f.font.unitsPerEm).commands };
    f.outlines.set(index, outline);
  }
  return outline;
}

/** The glyphs that set `text`, ligatures applied; undefined when the font lacks a character (glyph 0, .notdef). */
function glyphIndexes(f: Face, text: string): number[] | undefined {
  const indexes: number[] = [];
  for (const char of text) {
    const index = f.font.charToGlyph(char).index;
    if (index === 0) return undefined;
    indexes.push(index);
  }
  for (let i = 0; i < indexes.length; i++) {
    const ligature = f.ligatures.find((l) => l.sub.every((g, k) => indexes[i + k] === g));
    if (ligature) indexes.splice(i, ligature.sub.length, ligature.by);
  }
  return indexes;
}

/**
 * `text` set in DejaVu Sans at `fontSize` as one SVG path (baseline at y = 0, starting at x = 0)
 * and its advance width, kerned as resvg kerns it; undefined when the font lacks a character.
 * Outlines are read from the font once per character, so a chart's text costs string building only.
 */
export function glyphRun(text: string, fontSize: number, bold: boolean): { width: number; d: (x: number, y: number) => string } | undefined {
  const f = face(bold);
  const scale = fontSize / f.font.unitsPerEm;
  const placed: { x: number; commands: PathCommand[] }[] = [];
  let pen = 0;
  let previous: number | undefined;
  const indexes = glyphIndexes(f, text);
  if (!indexes) return undefined;
  for (const index of indexes) {
    const outline = outlineOf(f, index);
    if (previous !== undefined) pen += f.font.position.getKerningValue(f.kerning, previous, index);
    placed.push({ x: pen, commands: outline.commands });
    pen += outline.advance;
    previous = index;
  }
  const width = pen * scale;
  return {
    width,
    d(x0, y0) {
      const n = (v: number) => String(Math.round(v * 100) / 100);
      const parts: string[] = [];
      for (const { x, commands } of placed) {
        const px = (v = 0) => n(x0 + (x + v) * scale);
        const py = (v = 0) => n(y0 + v * scale);
        for (const c of commands) {
          if (c.type === 'Z') parts.push('Z');
          else if (c.type === 'Q') parts.push(`Q${px(c.x1)} ${py(c.y1)} ${px(c.x)} ${py(c.y)}`);
          else if (c.type === 'C') parts.push(`C${px(c.x1)} ${py(c.y1)} ${px(c.x2)} ${py(c.y2)} ${px(c.x)} ${py(c.y)}`);
          else parts.push(`${c.type}${px(c.x)} ${py(c.y)}`);
        }
      }
      return parts.join('');
    },
  };
}
