import type { TopLevelSpec } from 'vega-lite';
import { numberPlaceholder, stringPlaceholder } from './spec-placeholders.ts';

/**
 * A vega-lite spec split into its shape and the values that come from a request's data. Two
 * requests with the same shape compile to the same vega spec but for those values, so the shape
 * is compiled and parsed once and the values written into a copy of the result (chart-runtime-cache.ts).
 */
export interface ParametrisedSpec {
  /** The spec with every data-derived value replaced by a placeholder; its JSON is the cache key. */
  shape: TopLevelSpec;
  /** The value each placeholder stands for, by placeholder index. */
  values: (string | number)[];
  /** Inline datasets, by the name that replaced them in `shape`. */
  datasets: Map<string, unknown[]>;
}

/**
 * Properties of a mark whose values charts derive from data (text positions, colours by
 * assessment), with the type they are taken out as: `x: 'width'` is not a position but a reference.
 */
const MARK_VALUES: Record<string, 'number' | 'string'> = { x: 'number', y: 'number', color: 'string' };

/**
 * Splits `spec` into shape, values and datasets. Only values that vega-lite copies into the vega
 * spec unchanged are taken out: titles, axis titles and tick values, scale domains and ranges,
 * legend columns, constant text, and a mark's position and colour. Everything else (sizes, mark
 * types, label expressions, which layers exist) stays in the shape, so it keys the cache. Equal
 * values of one kind (scales, titles, axes…) share one placeholder, as vega-lite merges equal
 * scale domains of layers; equal values of different kinds do not, so a chart whose title happens
 * to be its axis title has the same shape as one whose titles differ.
 */
export function parametriseSpec(spec: TopLevelSpec): ParametrisedSpec {
  const values: (string | number)[] = [];
  const indexes = new Map<string, number>();
  const datasets = new Map<string, unknown[]>();
  const datasetNames = new Map<object, string>();

  const param = (kind: string, value: string | number): string | number => {
    if (value === 0 || value === '') return value;
    const key = `${kind}\u0000${typeof value}\u0000${value}`;
    let index = indexes.get(key);
    if (index === undefined) {
      index = values.length;
      values.push(value);
      indexes.set(key, index);
    }
    return typeof value === 'string' ? stringPlaceholder(index) : numberPlaceholder(index, Math.sign(value));
  };
  /** Every string and number inside `node` (arrays of them, arrays of arrays) becomes a placeholder. */
  const leaves = (kind: string, node: unknown): unknown => {
    if (typeof node === 'string' || typeof node === 'number') return param(kind, node);
    if (Array.isArray(node)) return node.map((item) => leaves(kind, item));
    return node;
  };
  /** `node` (the object under `kind`) with the values of `keys` taken out by `take`, the rest walked as usual. */
  const pick = (kind: string, node: Record<string, unknown>, keys: readonly string[], take: (key: string, value: unknown) => unknown = (_k, v) => leaves(kind, v)): unknown =>
    Object.fromEntries(Object.entries(node).map(([key, value]) => [key, keys.includes(key) ? take(key, value) : walk(value, key)]));

  function walk(node: unknown, key: string | undefined): unknown {
    if (Array.isArray(node)) return node.map((item) => walk(item, undefined));
    if (!isObject(node)) return node;
    switch (key) {
      case 'config':
        return node;
      case 'data':
        if (Array.isArray(node.values)) {
          let name = datasetNames.get(node);
          if (name === undefined) {
            name = `dataset_${datasetNames.size}`;
            datasetNames.set(node, name);
            datasets.set(name, node.values);
          }
          return { name };
        }
        return node;
      case 'title':
        return pick(key, node, ['text', 'subtitle']);
      case 'scale':
        return pick(key, node, ['domain', 'range']);
      case 'axis':
        return pick(key, node, ['values', 'title']);
      case 'legend':
        return pick(key, node, ['columns']);
      case 'text':
        // Constant text of a text mark (`{ value: '…' }`); a field stays a field.
        return pick(key, node, ['value']);
      case 'mark':
        return pick(key, node, Object.keys(MARK_VALUES), (k, v) => (typeof v === MARK_VALUES[k] && (typeof v === 'string' || typeof v === 'number') ? param(key, v) : walk(v, k)));
      default:
        return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    }
  }

  return { shape: walk(spec, undefined) as TopLevelSpec, values, datasets };
}

function isObject(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}
