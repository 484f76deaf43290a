import fs from 'node:fs';
import path from 'node:path';

/** The tables `migrations/citus/` distributes (by which column) and copies to every node. */
export interface CitusLayout {
  distributed: Map<string, string>;
  reference: Set<string>;
}

/** Reads the `create_distributed_table` / `create_reference_table` calls of the Citus migrations. */
export function readCitusLayout(dir: string): CitusLayout {
  const layout: CitusLayout = { distributed: new Map(), reference: new Set() };
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    const sql = fs.readFileSync(path.join(dir, file), 'utf8').replace(/--.*$/gm, '');
    for (const m of sql.matchAll(/create_distributed_table\(\s*'([a-z_]+)'\s*,\s*'([a-z_]+)'/g)) layout.distributed.set(m[1]!, m[2]!);
    for (const m of sql.matchAll(/create_reference_table\(\s*'([a-z_]+)'/g)) layout.reference.add(m[1]!);
  }
  return layout;
}

/** One use of a distributed table in a statement: the name it goes by there (its alias, else its own). */
interface Occurrence {
  table: string;
  name: string;
  at: number;
}

const notAnAlias = new Set(['on', 'where', 'join', 'left', 'right', 'inner', 'full', 'cross', 'natural', 'using', 'group', 'order', 'limit', 'set', 'returning', 'union', 'except', 'intersect', 'window', 'having', 'for', 'as', 'tablesample', 'lateral', 'partition', 'values', 'select', 'default']);

/**
 * The static rule a statement must keep on Citus (no EXPLAIN): when it names distributed tables
 * more than once (two tables, or one table twice), every use is tied to the others by bot_id
 * equalities — `a.bot_id = b.bot_id` (directly, or through a row source such as `unnest(…) t`),
 * `JOIN … USING (bot_id, …)`, or an unqualified `bot_id = x.bot_id` inside the subquery that names
 * the table. Uses are found after FROM, JOIN, UPDATE and USING and at the start of a fragment; the
 * target of INSERT INTO is not a join. Returns what is wrong, or undefined.
 */
export function distributedJoinProblem(sqlText: string, distributed: ReadonlySet<string>): string | undefined {
  const sql = sqlText
    .replace(/--.*$/gm, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .toLowerCase();
  const tables = [...distributed].join('|');
  const occurrences: Occurrence[] = [];
  const use = new RegExp(`(^\\s*|\\b(?:from|join|update|using)\\s+(?:only\\s+)?)(${tables})\\b(?!\\s*\\()(?:\\s+(?:as\\s+)?([a-z_][a-z0-9_]*))?`, 'g');
  for (const m of sql.matchAll(use)) {
    const alias = m[3] !== undefined && !notAnAlias.has(m[3]) ? m[3] : undefined;
    // A table named twice without aliases is two uses, not one.
    const name = alias ?? (occurrences.some((o) => o.name === m[2]) ? `${m[2]!}#${occurrences.length}` : m[2]!);
    occurrences.push({ table: m[2]!, name, at: m.index + m[1]!.length });
  }
  // FROM a x, b y: a comma join of two distributed tables.
  const comma = new RegExp(`\\bfrom\\s+(?:${tables})(?:\\s+(?:as\\s+)?[a-z_][a-z0-9_]*)?\\s*,\\s*(${tables})\\b(?:\\s+(?:as\\s+)?([a-z_][a-z0-9_]*))?`, 'g');
  for (const m of sql.matchAll(comma)) occurrences.push({ table: m[1]!, name: m[2] ?? m[1]!, at: m.index + m[0].length });
  if (occurrences.length < 2) return undefined;

  const parent = new Map<string, string>();
  const root = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const r = root(p);
    parent.set(x, r);
    return r;
  };
  const tie = (a: string, b: string) => parent.set(root(a), root(b));
  for (const m of sql.matchAll(/\b([a-z_][a-z0-9_]*)\.bot_id\s*=\s*([a-z_][a-z0-9_]*)\.bot_id\b/g)) tie(m[1]!, m[2]!);
  // An unqualified bot_id belongs to the nearest table named before it (a correlated subquery's own).
  const nearestBefore = (at: number) => occurrences.filter((o) => o.at < at).sort((a, b) => b.at - a.at)[0];
  for (const m of sql.matchAll(/(?<![.\w])bot_id\s*=\s*([a-z_][a-z0-9_]*)\.bot_id\b|\b([a-z_][a-z0-9_]*)\.bot_id\s*=\s*bot_id(?![\w(])/g)) {
    const own = nearestBefore(m.index);
    if (own !== undefined) tie(own.name, (m[1] ?? m[2])!);
  }
  for (const m of sql.matchAll(/\bjoin\s+(?:only\s+)?([a-z_][a-z0-9_]*)(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?\s+using\s*\(([^)]*)\)/g)) {
    if (!/\bbot_id\b/.test(m[3]!)) continue;
    const joined = m[2] !== undefined && !notAnAlias.has(m[2]) ? m[2] : m[1]!;
    const before = nearestBefore(m.index);
    if (before !== undefined) tie(joined, before.name);
  }
  // WITH name AS (SELECT x.bot_id, … FROM …): the CTE carries x's bot_id, and `FROM name n` is it.
  const ctes = new Set<string>();
  for (const m of sql.matchAll(/\b([a-z_][a-z0-9_]*)\s+as\s+(?:not\s+)?(?:materialized\s+)?\(/g)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(sql, open);
    const selected = sql.slice(open + 1, close).split(/\bfrom\b/)[0] ?? '';
    const carried = /\b([a-z_][a-z0-9_]*)\.bot_id\b/.exec(selected)?.[1] ?? (/\bbot_id\b/.test(selected) ? occurrences.find((o) => o.at > open && o.at < close)?.name : undefined);
    if (carried === undefined) continue;
    ctes.add(m[1]!);
    tie(m[1]!, carried);
  }
  for (const m of sql.matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)\s+(?:as\s+)?([a-z_][a-z0-9_]*)/g)) {
    if (ctes.has(m[1]!) && !notAnAlias.has(m[2]!)) tie(m[2]!, m[1]!);
  }
  const groups = new Set(occurrences.map((o) => root(o.name)));
  if (groups.size === 1) return undefined;
  return `joins ${occurrences.map((o) => (o.name === o.table ? o.table : `${o.table} ${o.name}`)).join(', ')} without tying them all together by bot_id`;
}

/** The index of the parenthesis closing the one at `open` (the end of the text when unbalanced). */
function matchingParen(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    if (sql[i] === '(') depth++;
    else if (sql[i] === ')' && --depth === 0) return i;
  }
  return sql.length;
}
