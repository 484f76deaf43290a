/**
 * `sql` with its comments (`-- …` to the end of the line, nested `/* … *\/`) taken out and every
 * run of whitespace outside literals made one space, so that rewording or re-wrapping a comment
 * leaves it unchanged while any change to the statements does not. String literals (`'…'`,
 * `E'…'` with backslash escapes), quoted identifiers (`"…"`) and dollar-quoted bodies (`$$…$$`,
 * `$tag$…$tag$`) are kept exactly as written: a `--` inside them is not a comment.
 */
export function sqlWithoutComments(sql: string): string {
  let out = '';
  let space = false; // whitespace or a comment seen since the last kept character
  const keep = (text: string) => {
    if (space && out !== '') out += ' ';
    space = false;
    out += text;
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (/\s/.test(c)) {
      space = true;
      i++;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      space = true;
    } else if (c === '/' && next === '*') {
      i = blockCommentEnd(sql, i);
      space = true;
    } else if (c === "'") {
      const escapes = /[eE]$/.test(out) && !space && !/[\w$]/.test(out.at(-2) ?? '');
      const end = quotedEnd(sql, i, "'", escapes);
      keep(sql.slice(i, end));
      i = end;
    } else if (c === '"') {
      const end = quotedEnd(sql, i, '"', false);
      keep(sql.slice(i, end));
      i = end;
    } else if (c === '$' && !/[\w$]/.test(space ? '' : (out.at(-1) ?? ''))) {
      const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(i))?.[0];
      if (tag === undefined) {
        keep(c);
        i++;
        continue;
      }
      const close = sql.indexOf(tag, i + tag.length);
      const end = close === -1 ? sql.length : close + tag.length;
      keep(sql.slice(i, end));
      i = end;
    } else {
      keep(c);
      i++;
    }
  }
  return out;
}

/** Index just past the `/* … *\/` comment starting at `start` (Postgres nests them). */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/** Index just past the literal opened by `quote` at `start`; a doubled quote stays inside it. */
function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return sql.length;
}
