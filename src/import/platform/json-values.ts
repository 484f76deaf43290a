/** Narrowing helpers for untyped platform JSON (exports are external input: nothing is trusted). */
export type JsonObject = Record<string, unknown>;

export const asObject = (v: unknown): JsonObject | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined);
export const asArray = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
/** A non-empty string, or undefined. */
export const asText = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
export const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** A number, or a string holding one (CSV cells, loosely typed exports). */
export const asNumeric = (v: unknown): number | undefined => asNumber(v) ?? (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
/** `obj.a.b.c`, or undefined where the path breaks. */
export function pathIn(v: unknown, ...keys: string[]): unknown {
  let at = v;
  for (const key of keys) {
    const o = asObject(at);
    if (o === undefined) return undefined;
    at = o[key];
  }
  return at;
}
