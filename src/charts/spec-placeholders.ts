/** Placeholders for the data-derived values of a chart spec (spec-parameters.ts), and filling them in. */

/**
 * Placeholders keep the type and sign of what they replace: vega-lite treats a number where it
 * expects one differently from a string, and a scale domain that spans 0 differently from one that
 * does not. 0 and '' stay as they are for the same reason. Both kinds are spellings no chart
 * produces (a NUL inside a string, a number of 15 significant digits ending in .125).
 */
const NUMBER_BASE = 987_654_000_000.125;
export const stringPlaceholder = (index: number): string => `\u0000p${index}\u0000`;
export const numberPlaceholder = (index: number, sign: number): number => sign * (NUMBER_BASE + index);
const STRING_PLACEHOLDER = /\u0000p(\d+)\u0000/;
/** Number placeholders written into a string (vega-lite's expressions for temporal domains and ticks). */
const NUMBER_PLACEHOLDERS = /-?987654\d{6}\.125/g;
/** A string placeholder as a literal in generated code or an expression: `"\u0000p3\u0000"`, escapes and quotes included. */
const CODE_STRING_PLACEHOLDERS = /"\\u0000p(\d+)\\u0000"/g;

/**
 * A string as vega writes it into generated code (vega-util's stringValue: JSON, with U+2028 and
 * U+2029 escaped), so a filled-in runtime is exactly what parsing would have produced.
 */
function codeLiteral(value: string): string {
  return JSON.stringify(value).replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

function numberPlaceholderIndex(value: number): number | undefined {
  const index = Math.abs(value) - NUMBER_BASE;
  return Number.isInteger(index) && index >= 0 && index < 1_000_000 ? index : undefined;
}

/** The value a number placeholder stands for, negated if vega-lite negated the placeholder. */
function numberValue(placeholder: number, index: number, values: (string | number)[]): number {
  const value = values[index] as number;
  return Math.sign(placeholder) === Math.sign(value) ? value : -value;
}

/**
 * A copy of `node` (a shape, the vega spec compiled from it or the runtime parsed from that) with
 * each placeholder replaced by its value: a whole string or number by the value itself, one inside
 * generated code or an expression by the value written as code.
 */
export function fillPlaceholders(node: unknown, values: (string | number)[]): unknown {
  if (typeof node === 'string') {
    const match = STRING_PLACEHOLDER.exec(node);
    if (match) return values[Number(match[1])];
    let text = node;
    if (text.includes('\\u0000p')) text = text.replace(CODE_STRING_PLACEHOLDERS, (literal, index: string) => codeLiteral(String(values[Number(index)])));
    if (text.includes('987654')) {
      text = text.replace(NUMBER_PLACEHOLDERS, (number) => {
        const index = numberPlaceholderIndex(Number(number));
        return index === undefined ? number : String(numberValue(Number(number), index, values));
      });
    }
    return text;
  }
  if (typeof node === 'number') {
    const index = numberPlaceholderIndex(node);
    return index === undefined ? node : numberValue(node, index, values);
  }
  if (Array.isArray(node)) return node.map((item) => fillPlaceholders(item, values));
  if (typeof node === 'object' && node !== null) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(node)) copy[key] = fillPlaceholders((node as Record<string, unknown>)[key], values);
    return copy;
  }
  return node;
}

/**
 * Whether every string placeholder not written as code is a whole string, so fillPlaceholders can
 * put the value in its place (it cannot tell how a value inside some other string should be written).
 */
export function placeholdersAreWhole(node: unknown): boolean {
  if (typeof node === 'string') {
    const match = STRING_PLACEHOLDER.exec(node);
    return match === null || match[0] === node;
  }
  if (Array.isArray(node)) return node.every(placeholdersAreWhole);
  if (typeof node === 'object' && node !== null) {
    return Object.entries(node).every(([key, value]) => !STRING_PLACEHOLDER.test(key) && placeholdersAreWhole(value));
  }
  return true;
}

