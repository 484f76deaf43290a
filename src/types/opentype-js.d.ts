// The part of opentype.js 2.x that charts use (the package ships no type declarations).
declare module 'opentype.js' {
  export interface PathCommand {
    type: 'M' | 'L' | 'Q' | 'C' | 'Z';
    x?: number;
    y?: number;
    x1?: number;
    y1?: number;
    x2?: number;
    y2?: number;
  }
  export interface Path {
    commands: PathCommand[];
  }
  export interface Glyph {
    index: number;
    advanceWidth?: number;
    /** The outline at (x, y) baseline, scaled to fontSize, y pointing down (SVG's orientation). */
    getPath(x: number, y: number, fontSize: number): Path;
  }
  export interface Position {
    getKerningTables(script: string, language?: string): unknown;
    getKerningValue(kerningLookups: unknown, leftIndex: number, rightIndex: number): number;
  }
  export interface Substitution {
    getLigatures(feature: string, script: string, language: string): { sub: number[]; by: number }[];
  }
  export interface Font {
    unitsPerEm: number;
    position: Position;
    substitution: Substitution;
    glyphs: { get(index: number): Glyph };
    charToGlyph(char: string): Glyph;
    /** The glyph index of a character (0 when the font lacks it). */
    charToGlyphIndex(char: string): number;
  }
  /** `lowMemory` reads glyphs when first asked for instead of all at once. */
  export function parse(buffer: ArrayBuffer, options?: { lowMemory?: boolean }): Font;
  const opentype: { parse: typeof parse };
  export default opentype;
}
