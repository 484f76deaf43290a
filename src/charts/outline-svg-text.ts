import { CHART_FONT_FAMILY } from './chart-fonts.ts';
import { glyphRun } from './glyph-runs.ts';

const TEXT = /<text([^>]*)>([\s\S]*?)<\/text>/g;
const ATTRIBUTE = /\s([\w:-]+)="([^"]*)"/g;
const LINE = /^<tspan(?: x="([-\d.e]+)")?(?: dy="([-\d.e]+)")?>([^<]*)<\/tspan>/;

/** Attributes that say how to set the text; everything else (fill, stroke, transform…) is kept. */
const TYPE_ATTRIBUTES = new Set(['text-anchor', 'font-family', 'font-size', 'font-weight']);

/**
 * Replaces each `<text>` of vega's SVG with the outlines of its glyphs (one `<path>` per line),
 * placed as resvg would place them. resvg otherwise shapes and outlines every label of every chart
 * again, which was its largest cost (≈ 25 µs a glyph); here each glyph is outlined once per process.
 * Text this cannot place exactly (another font, a character DejaVu lacks, markup other than vega's
 * line breaks) is left as text for resvg.
 */
export function outlineSvgText(svg: string): string {
  return svg.replace(TEXT, (element: string, attributeText: string, body: string) => outlinedText(attributeText, body) ?? element);
}

function outlinedText(attributeText: string, body: string): string | undefined {
  const attributes = new Map<string, string>();
  for (const [, name, value] of attributeText.matchAll(ATTRIBUTE)) attributes.set(name!, value!);
  const family = attributes.get('font-family');
  if (family !== undefined && family !== CHART_FONT_FAMILY) return undefined;
  const fontSize = Number.parseFloat(attributes.get('font-size') ?? '12');
  const weight = attributes.get('font-weight') ?? 'normal';
  const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  const anchor = attributes.get('text-anchor') ?? 'start';
  if (!Number.isFinite(fontSize) || !['start', 'middle', 'end'].includes(anchor)) return undefined;

  const lines = textLines(body);
  if (!lines) return undefined;
  const paths: string[] = [];
  let x = 0;
  let y = 0;
  for (const line of lines) {
    x = line.x ?? x;
    y += line.dy;
    const text = collapseSpaces(decodeEntities(line.text));
    if (text === '') continue;
    const run = glyphRun(text, fontSize, bold);
    if (!run) return undefined;
    const shift = anchor === 'middle' ? run.width / 2 : anchor === 'end' ? run.width : 0;
    // A translation leaves stroke widths as they are (the threshold label's white halo).
    paths.push(`<path transform="translate(${round(x - shift)},${round(y)})" d="${run.d}"/>`);
  }
  const kept = [...attributes].filter(([name]) => !TYPE_ATTRIBUTES.has(name)).map(([name, value]) => ` ${name}="${value}"`);
  return `<g${kept.join('')}>${paths.join('')}</g>`;
}

/** The lines of a text element: its plain content, or vega's `<tspan>` lines; undefined for other markup. */
function textLines(body: string): { x: number | undefined; dy: number; text: string }[] | undefined {
  if (!body.includes('<')) return [{ x: undefined, dy: 0, text: body }];
  const lines: { x: number | undefined; dy: number; text: string }[] = [];
  let rest = body;
  while (rest.length > 0) {
    const line = LINE.exec(rest);
    if (!line) return undefined;
    lines.push({ x: line[1] === undefined ? undefined : Number(line[1]), dy: line[2] === undefined ? 0 : Number(line[2]), text: line[3]! });
    rest = rest.slice(line[0].length);
  }
  return lines;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** SVG's default white-space handling, which resvg applies to text content. */
function collapseSpaces(text: string): string {
  return text.replace(/[\n\r]/g, '').replace(/\t/g, ' ').replace(/ {2,}/g, ' ').trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (entity: string, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? entity;
  });
}
