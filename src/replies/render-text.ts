import type { Figure, Reply, Table } from './reply.ts';

export interface TextOptions {
  /** ANSI colours (a terminal); off for pipes and files. */
  color: boolean;
  width?: number;
}

const ansi = { bold: '\x1b[1m', dim: '\x1b[2m', green: '\x1b[32m', red: '\x1b[31m', reset: '\x1b[0m' };

/** A reply as plain text for a terminal: title, figures with changes, table, notes. */
export function renderText(reply: Reply, options: TextOptions): string {
  const paint = (code: keyof typeof ansi, s: string) => (options.color ? `${ansi[code]}${s}${ansi.reset}` : s);
  const lines: string[] = [paint('bold', reply.title)];
  if (reply.subtitle) lines.push(paint('dim', reply.subtitle));
  if (reply.text) lines.push('', reply.text);
  if (reply.figures.length > 0) {
    lines.push('');
    const labelWidth = Math.max(...reply.figures.map((f) => f.label.length));
    const valueWidth = Math.max(...reply.figures.map((f) => f.formatted.length));
    for (const f of reply.figures) lines.push(`  ${f.label.padEnd(labelWidth)}  ${f.formatted.padStart(valueWidth)}  ${changeText(f, paint)}`.trimEnd());
  }
  if (reply.table && reply.table.rows.length > 0) lines.push('', ...tableLines(reply.table));
  if (reply.chart) lines.push('', paint('dim', `[chart: ${reply.chart.title}${reply.chart.kind === 'timeseries' ? `, by ${reply.chart.bucket}` : ''}] (botwatch ask … --out chart.png writes it)`));
  if (reply.actions && reply.actions.length > 0) lines.push('', reply.actions.map((a) => `[${a.label}]`).join(' '));
  if (reply.notes.length > 0) lines.push('', ...reply.notes.map((n) => paint('dim', `· ${n}`)));
  return `${lines.join('\n')}\n`;
}

function changeText(f: Figure, paint: (code: keyof typeof ansi, s: string) => string): string {
  const parts: string[] = [];
  if (f.change) {
    const arrow = f.change.direction === 'up' ? '▲' : f.change.direction === 'down' ? '▼' : '=';
    const text = `${arrow} ${f.change.formatted}`;
    parts.push(f.change.assessment === 'good' ? paint('green', text) : f.change.assessment === 'bad' ? paint('red', text) : text);
    if (f.previousFormatted) parts.push(paint('dim', `(was ${f.previousFormatted})`));
  }
  if (f.note) parts.push(paint('dim', f.note));
  return parts.join('  ');
}

function tableLines(table: Table): string[] {
  const widths = table.columns.map((c) => Math.min(60, Math.max(c.label.length, ...table.rows.map((r) => (r[c.key] ?? '').length))));
  const cell = (text: string, i: number) => {
    const w = widths[i]!;
    const t = text.length > w ? `${text.slice(0, w - 1)}…` : text;
    return table.columns[i]?.align === 'right' ? t.padStart(w) : t.padEnd(w);
  };
  const out = [`  ${table.columns.map((c, i) => cell(c.label, i)).join('  ')}`.trimEnd(), `  ${widths.map((w) => '─'.repeat(w)).join('  ')}`];
  for (const row of table.rows) out.push(`  ${table.columns.map((c, i) => cell(row[c.key] ?? '', i)).join('  ')}`.trimEnd());
  if (table.caption) out.push(`  ${table.caption}`);
  return out;
}
