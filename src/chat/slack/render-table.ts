import type { Table } from '../../replies/reply.ts';
import { blockKitLimits } from './block-kit-limits.ts';
import { codeBlock, escapeMrkdwn, escapeWithin, truncate } from './mrkdwn.ts';
import type { ContextBlock, SectionBlock } from './slack-types.ts';

/** Wider than this, a monospace table wraps on a laptop-sized Slack window; rows become records. */
const monospaceWidth = 72;
/** At most this many rows in a message: a chat message is read, not scrolled (the rest is noted). */
export const maxTableRows = 50;

/**
 * A table as blocks within `budget` blocks: a monospace code block when it is narrow enough to
 * read aligned, else one mrkdwn line per row ("*web*  Hand-off rate: 12.9 % · Sample: …").
 * Rows are packed into sections of at most 3,000 characters; rows that do not fit the budget (or
 * past {@link maxTableRows}) are left out and a note says how many are shown.
 */
export function tableBlocks(table: Table, budget: number, maxRows = maxTableRows): (SectionBlock | ContextBlock)[] {
  if (table.rows.length === 0 || table.columns.length === 0) return [];
  if (budget < 2) return budget === 1 ? [note(`A table of ${table.rows.length} rows is not shown: the message has no room left for it.`)] : [];
  const monospace = monospaceLines(table);
  const records = monospace ? undefined : table.rows.map((row) => recordLine(table, row));
  const rowTexts = monospace ? monospace.rows : records!;
  const header = monospace ? `${monospace.header}\n${monospace.rule}\n` : '';
  const wrap = (lines: string[]) => (monospace ? codeBlock(`${header}${lines.join('\n')}`) : lines.join('\n'));
  const overhead = wrap([]).length + 1;

  const captionBlocks = table.caption ? [note(table.caption)] : [];
  // One block is kept for the "showing N of M rows" note whenever rows might be left out.
  const sectionBudget = budget - captionBlocks.length - 1;
  const sections: SectionBlock[] = [];
  let current: string[] = [];
  let length = overhead;
  let shown = 0;
  for (const text of rowTexts.slice(0, maxRows)) {
    const line = truncate(text, blockKitLimits.sectionText - overhead);
    if (current.length > 0 && length + line.length + 1 > blockKitLimits.sectionText) {
      if (sections.length + 1 >= sectionBudget) break;
      sections.push(section(wrap(current)));
      current = [];
      length = overhead;
    }
    current.push(line);
    length += line.length + 1;
    shown++;
  }
  if (current.length > 0 && sections.length < sectionBudget) sections.push(section(wrap(current)));
  else if (current.length > 0) shown -= current.length;

  const blocks: (SectionBlock | ContextBlock)[] = [...sections, ...captionBlocks];
  if (shown < table.rows.length) blocks.push(note(`Showing the first ${shown} of ${table.rows.length} rows; ask for a narrower window or a filter to see the rest.`));
  return blocks;
}

function monospaceLines(table: Table): { header: string; rule: string; rows: string[] } | undefined {
  // Aligned only when nothing has to be cut: a cut verdict or label loses what it says.
  const widths = table.columns.map((c) => Math.max(c.label.length, ...table.rows.map((r) => (r[c.key] ?? '').length)));
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  if (total > monospaceWidth) return undefined;
  const cell = (text: string, i: number) => escapeMrkdwn(table.columns[i]?.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const line = (cells: string[]) => cells.join('  ').trimEnd();
  return {
    header: line(table.columns.map((c, i) => cell(c.label, i))),
    rule: line(widths.map((w) => '─'.repeat(w))),
    rows: table.rows.map((row) => line(table.columns.map((c, i) => cell(row[c.key] ?? '', i)))),
  };
}

function recordLine(table: Table, row: Record<string, string>): string {
  const [first, ...rest] = table.columns;
  const lead = `*${escapeWithin(row[first!.key] ?? '', 200)}*`;
  const parts = rest.filter((c) => (row[c.key] ?? '') !== '').map((c) => `${escapeWithin(c.label, 100)}: ${escapeWithin(row[c.key] ?? '', 500)}`);
  return `• ${[lead, parts.join(' · ')].filter((s) => s !== '').join('   ')}`;
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function note(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: escapeWithin(text, blockKitLimits.contextText) }] };
}
