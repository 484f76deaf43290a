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
  // lowMemory: glyphs are read when first drawn (a chart uses ~100 of DejaVu's ~6,000): 5 MB of heap, not 35.
  const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), { lowMemory: true });
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
    const index = f.font.charToGlyphIndex(char);
    if (index === 0) return undefined;
    indexes.push(index);
  }
  for (let i = 0; i < indexes.length; i++) {
    const ligature = f.ligatures.find((l) => l.sub.every((g, k) => indexes[i + k] === g));
    if (ligature) indexes.splice(i, ligature.sub.length, ligature.by);
  }
  return indexes;
}

/** Lines of text already outlined, by face, size and text: axis labels and titles repeat across charts. */
const runs = new Map<string, GlyphRun | null>();
const MAX_CACHED_RUNS = 5_000;

export interface GlyphRun {
  /** Advance width in pixels, kerning included. */
  width: number;
  /** SVG path data of the outlines, baseline at y = 0, starting at x = 0. */
  d: string;
}

/**
 * `text` set in DejaVu Sans at `fontSize` as SVG path data and its advance width, kerned and with
 * ligatures as resvg sets them; undefined when the font lacks a character. Outlines are read from
 * the font once per glyph, and a line once set is kept (up to 5,000 lines).
 */
export function glyphRun(text: string, fontSize: number, bold: boolean): GlyphRun | undefined {
  const key = `${bold ? 'b' : 'r'}${fontSize}\u0000${text}`;
  let run = runs.get(key);
  if (run === undefined) {
    run = setRun(text, fontSize, bold) ?? null;
    if (runs.size >= MAX_CACHED_RUNS) runs.clear();
    runs.set(key, run);
  }
  return run ?? undefined;
}

function setRun(text: string, fontSize: number, bold: boolean): GlyphRun | undefined {
  const f = face(bold);
  const scale = fontSize / f.font.unitsPerEm;
  const indexes = glyphIndexes(f, text);
  if (!indexes) return undefined;
  const n = (v: number) => String(Math.round(v * 100) / 100);
  const parts: string[] = [];
  let pen = 0;
  let previous: number | undefined;
  for (const index of indexes) {
    const outline = outlineOf(f, index);
    if (previous !== undefined) pen += f.font.position.getKerningValue(f.kerning, previous, index);
    const px = (v = 0) => n((pen + v) * scale);
    const py = (v = 0) => n(v * scale);
    for (const c of outline.commands) {
      if (c.type === 'Z') parts.push('Z');
      else if (c.type === 'Q') parts.push(`Q${px(c.x1)} ${py(c.y1)} ${px(c.x)} ${py(c.y)}`);
      else if (c.type === 'C') parts.push(`C${px(c.x1)} ${py(c.y1)} ${px(c.x2)} ${py(c.y2)} ${px(c.x)} ${py(c.y)}`);
      else parts.push(`${c.type}${px(c.x)} ${py(c.y)}`);
    }
    pen += outline.advance;
    previous = index;
  }
  return { width: pen * scale, d: parts.join('') };
}
