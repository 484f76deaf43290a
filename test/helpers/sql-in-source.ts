import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One string of SQL written in botwatch's source: a whole statement or a fragment spliced into one. */
export interface SqlString {
  file: string;
  line: number;
  /** The text, with each `${…}` of a template replaced by `__expr__`. */
  sql: string;
}

const sqlStart = /^\s*(select|insert|update|delete|with|create|alter|drop|copy|lock|truncate)\b/i;
const sqlInside = /\b(from|join|into|update)\s+(only\s+)?[a-z_][a-z0-9_]*/i;
/** English text that happens to contain "from x": botwatch's SQL keeps keywords in capitals. */
const sqlKeyword = /\b(SELECT|FROM|JOIN|INSERT|UPDATE|DELETE|WHERE)\b/;

/**
 * Every SQL string in the TypeScript under `dir` (and every `.sql` file there): string literals
 * and templates that start like a statement, or that use capitalised SQL keywords with a table
 * after FROM/JOIN/INTO/UPDATE (fragments such as `events e JOIN conversation_facts f ON …`).
 */
export function sqlInSource(dir: string): SqlString[] {
  const found: SqlString[] = [];
  for (const file of filesUnder(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    const relative = path.relative(path.dirname(dir), file);
    if (file.endsWith('.sql')) {
      found.push({ file: relative, line: 1, sql: text });
      continue;
    }
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const sql = literalText(node);
      if (sql !== undefined && (sqlStart.test(sql) || (sqlKeyword.test(sql) && sqlInside.test(sql)))) {
        found.push({ file: relative, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, sql });
      }
      // Into a template's \${…} too: a fragment built there is a string of its own.
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => `__expr__${span.literal.text}`).join('');
  return undefined;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.(ts|sql)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}
