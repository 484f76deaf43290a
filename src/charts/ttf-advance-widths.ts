/**
 * Reads the horizontal advance of every Basic Multilingual Plane character from a TrueType font
 * (tables `head`, `hhea`, `hmtx` and a format-4 `cmap`). Enough to measure a string the way resvg
 * will lay it out, minus kerning (which only ever makes text narrower).
 */
export interface AdvanceWidths {
  /** Advance of each BMP code point in em units (0 where the font has no glyph). */
  perCodePoint: Float32Array;
  /** Used for characters the font lacks (resvg then falls back; this keeps measures sane). */
  fallback: number;
}

/** Parses `font` (a TTF file's bytes); throws when a required table is missing. */
export function readAdvanceWidths(font: Buffer): AdvanceWidths {
  const tables = tableOffsets(font);
  const unitsPerEm = font.readUInt16BE(requireTable(tables, 'head') + 18);
  const numberOfHMetrics = font.readUInt16BE(requireTable(tables, 'hhea') + 34);
  const hmtx = requireTable(tables, 'hmtx');
  const glyphAdvance = (glyph: number): number =>
    font.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;

  const perCodePoint = new Float32Array(0x10000);
  forEachMappedCharacter(font, requireTable(tables, 'cmap'), (codePoint, glyph) => {
    perCodePoint[codePoint] = glyphAdvance(glyph);
  });
  return { perCodePoint, fallback: glyphAdvance(0) };
}

function tableOffsets(font: Buffer): Map<string, number> {
  const tables = new Map<string, number>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  return tables;
}

function requireTable(tables: Map<string, number>, tag: string): number {
  const offset = tables.get(tag);
  if (offset === undefined) throw new Error(`font has no "${tag}" table`);
  return offset;
}

/** Walks the Unicode BMP subtable (platform 3 encoding 1, or platform 0) of a `cmap`. */
function forEachMappedCharacter(font: Buffer, cmap: number, visit: (codePoint: number, glyph: number) => void): void {
  const subtables = font.readUInt16BE(cmap + 2);
  let format4: number | undefined;
  for (let i = 0; i < subtables; i++) {
    const record = cmap + 4 + 8 * i;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmap + font.readUInt32BE(record + 4);
    if (font.readUInt16BE(offset) !== 4) continue;
    if ((platform === 3 && encoding === 1) || platform === 0) format4 = offset;
  }
  if (format4 === undefined) throw new Error('font has no Unicode BMP (format 4) cmap subtable');

  const segments = font.readUInt16BE(format4 + 6) / 2;
  const endCodes = format4 + 14;
  const startCodes = endCodes + 2 * segments + 2;
  const idDeltas = startCodes + 2 * segments;
  const idRangeOffsets = idDeltas + 2 * segments;
  for (let s = 0; s < segments; s++) {
    const start = font.readUInt16BE(startCodes + 2 * s);
    const end = font.readUInt16BE(endCodes + 2 * s);
    const delta = font.readInt16BE(idDeltas + 2 * s);
    const rangeOffsetAt = idRangeOffsets + 2 * s;
    const rangeOffset = font.readUInt16BE(rangeOffsetAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) {
        glyph = (c + delta) & 0xffff;
      } else {
        glyph = font.readUInt16BE(rangeOffsetAt + rangeOffset + 2 * (c - start));
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) visit(c, glyph);
    }
  }
}
