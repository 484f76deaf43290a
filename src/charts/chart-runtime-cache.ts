import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { parametriseSpec } from './spec-parameters.ts';
import { fillPlaceholders, placeholdersAreWhole } from './spec-placeholders.ts';

/** What a vega View is built from: the parsed dataflow and the rows of each named dataset. */
export interface ChartRuntime {
  runtime: vega.Runtime;
  datasets: Map<string, unknown[]>;
}

/** A shape's parsed vega runtime, placeholders in place, or null for a shape that cannot be reused. */
type Template = vega.Runtime | null;

const templates = new Map<string, Template>();
/** Distinct shapes kept: a parsed runtime is 100–300 KB of heap, and a chart kind has a handful of shapes. */
const MAX_TEMPLATES = 64;

let counts = { hits: 0, misses: 0, uncacheable: 0 };

/**
 * The vega runtime of a vega-lite spec, compiled and parsed once per shape (spec-parameters.ts): a
 * request whose spec differs from an earlier one only in its data, titles, domains, ticks and
 * constant text gets a copy of the earlier runtime with its own values written in, and its rows
 * as named datasets. vega-lite's compile and vega's parse were a quarter of a chart's time. A
 * shape is reused only once its first runtime has been checked against a plain compile and parse
 * of the same request, value for value; a shape whose values do not come through that way is
 * compiled and parsed afresh every time. Every call returns its own copy: two renders never share
 * one runtime object, let alone a View.
 */
export function chartRuntime(spec: TopLevelSpec): ChartRuntime {
  const { shape, values, datasets } = parametriseSpec(spec);
  const key = JSON.stringify(shape);
  let template = templates.get(key);
  if (template === undefined) {
    counts.misses++;
    template = checkedTemplate(shape, values);
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(key, template);
  } else {
    counts.hits++;
  }
  if (template === null) {
    counts.uncacheable++;
    return { runtime: parseShape(fillPlaceholders(shape, values) as TopLevelSpec), datasets };
  }
  return { runtime: fillPlaceholders(template, values) as vega.Runtime, datasets };
}

/** How often a chart's runtime came from the cache, was made for a new shape, or could not be cached (for tests and the benchmark). */
export function chartRuntimeCacheCounts(): { hits: number; misses: number; uncacheable: number } {
  return { ...counts };
}

/** Empties the cache, so the next chart of every shape is compiled and parsed afresh. */
export function clearChartRuntimeCache(): void {
  templates.clear();
  counts = { hits: 0, misses: 0, uncacheable: 0 };
}

function parseShape(shape: TopLevelSpec): vega.Runtime {
  return vega.parse(compile(shape).spec);
}

/**
 * Compiles and parses a shape with its placeholders, and keeps the result only if every placeholder
 * came through where fillPlaceholders can write it, and writing this request's values in gives
 * exactly what compiling and parsing the request's own spec gives.
 */
function checkedTemplate(shape: TopLevelSpec, values: (string | number)[]): Template {
  const template = parseShape(shape);
  if (!placeholdersAreWhole(template)) return null;
  const expected = parseShape(fillPlaceholders(shape, values) as TopLevelSpec);
  return comparable(fillPlaceholders(template, values)) === comparable(expected) ? template : null;
}

/**
 * A runtime as JSON, with the names vega gives expression-made datasets numbered from 0: vega
 * numbers them from a counter shared by every parse in the process, so two parses of one spec
 * differ there, and only there. Each View resolves those names in its own context.
 */
function comparable(runtime: unknown): string {
  const names = new Map<string, number>();
  return JSON.stringify(runtime).replace(/_:vega:_\d+/g, (name) => {
    if (!names.has(name)) names.set(name, names.size);
    return `_:vega:_#${names.get(name)}`;
  });
}
