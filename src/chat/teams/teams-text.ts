import type { Reply } from '../../replies/reply.ts';
import { escapeMarkdown, teamsCommandWording } from './teams-markdown.ts';

/**
 * Help, errors and information with nothing to lay out are sent as text; results, digests and
 * alerts always as a card (an alert's card stays a card when a button updates it).
 */
export function isPlainReply(reply: Reply): boolean {
  if (reply.kind === 'help' || reply.kind === 'error') return true;
  return reply.kind === 'info' && reply.figures.length === 0 && !reply.table?.rows.length && reply.chart === undefined && !reply.actions?.length;
}

const text = (s: string) => escapeMarkdown(teamsCommandWording(s));

/**
 * A reply as a Teams Markdown message: the title in bold, usage lines in a code block (they line up
 * and are copied as typed), then notes. Pure.
 */
export function renderTeamsText(reply: Reply): string {
  const blocks = [`**${text(reply.title)}**`];
  if (reply.subtitle) blocks.push(text(reply.subtitle));
  if (reply.text) blocks.push(`\`\`\`\n${teamsCommandWording(reply.text).replace(/```/g, "'''")}\n\`\`\``);
  if (reply.figures.length > 0) blocks.push(reply.figures.map((f) => `${text(f.label)}: **${text(f.formatted)}**${f.change ? ` (${text(f.change.formatted)})` : ''}`).join('\n\n'));
  if (reply.notes.length > 0) blocks.push(reply.notes.map(text).join('\n\n'));
  return blocks.join('\n\n');
}
