import { maxJsonDepth } from '../http/json-depth.ts';

/** How many characters of JSON an event's extra fields may hold together. */
export const maxExtraChars = 64 * 1024;
/** How deep one extra field may nest (arrays and objects). */
export const maxExtraDepth = maxJsonDepth;

/** Postgres text cannot hold NUL, and a lone UTF-16 surrogate is not text: both become U+FFFD. */
export const storableText = (s: string) => s.toWellFormed().replaceAll('\u0000', '\uFFFD');

interface Frame {
  source: unknown;
  depth: number;
  place: (copy: unknown) => void;
}

/**
 * Copies one extra field's value into a form Postgres can store (text repaired, never refused:
 * extra fields must not break ingestion), measuring it as it goes. Returns the copy and its size
 * in characters of JSON (close to, not exactly, `JSON.stringify(value).length`), or why it cannot
 * be kept: nested deeper than {@link maxExtraDepth}, or larger than `budget` characters.
 * Walks with an explicit stack so no depth of input can overflow the call stack, and stops as soon
 * as a limit is crossed, so a huge value costs no more than the budget to refuse.
 */
export function storableExtra(value: unknown, budget: number): { value: unknown; size: number } | { tooDeep: true } | { tooLarge: true } {
  let size = 0;
  let result: unknown;
  const stack: Frame[] = [{ source: value, depth: 0, place: (copy) => (result = copy) }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { source, depth, place } = frame;
    if (typeof source === 'string') {
      size += source.length + 2;
      if (size > budget) return { tooLarge: true };
      place(storableText(source));
    } else if (Array.isArray(source)) {
      if (depth + 1 > maxExtraDepth) return { tooDeep: true };
      size += 2 + source.length;
      if (size > budget) return { tooLarge: true };
      const copy: unknown[] = new Array<unknown>(source.length);
      place(copy);
      for (let i = source.length - 1; i >= 0; i--) stack.push({ source: source[i], depth: depth + 1, place: (c) => (copy[i] = c) });
    } else if (typeof source === 'object' && source !== null) {
      if (depth + 1 > maxExtraDepth) return { tooDeep: true };
      const entries: [string, unknown][] = Object.entries(source);
      size += 2;
      // No prototype: a key named "__proto__" stays an ordinary key, as JSON.parse made it.
      const copy = Object.create(null) as Record<string, unknown>;
      place(copy);
      // Pushed last-first so keys are copied in their original order.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        size += key.length + 4;
        stack.push({ source: child, depth: depth + 1, place: (c) => (copy[storableText(key)] = c) });
      }
      if (size > budget) return { tooLarge: true };
    } else {
      // Numbers, booleans and null (JSON holds nothing else); undefined is left out when stored.
      size += typeof source === 'number' || typeof source === 'boolean' ? String(source).length : source === undefined ? 0 : 4;
      if (size > budget) return { tooLarge: true };
      place(source);
    }
  }
  return { value: result, size };
}
