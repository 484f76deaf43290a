import type { Action, Reply } from '../../replies/reply.ts';
import { blockKitLimits } from './block-kit-limits.ts';
import { codeBlock, escapeWithin, truncate } from './mrkdwn.ts';
import { figureBlocks, figureLine } from './render-figures.ts';
import { tableBlocks } from './render-table.ts';
import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock, SlackMessage } from './slack-types.ts';

/** A chart already uploaded to Slack, shown in the message as an image block. */
export interface UploadedImage {
  fileId: string;
  altText: string;
  title: string;
}

export interface RenderOptions {
  /** A paragraph (mrkdwn, written by botwatch) above the reply, e.g. why it is shown only to you. */
  preface?: string;
  image?: UploadedImage;
  /** Notes added by the adapter (e.g. "the chart could not be attached"). */
  extraNotes?: string[];
}

/**
 * A reply as a Slack message: header, subtitle, body text, headline figures, table, chart image,
 * notes and buttons, always with notification `text`, and always within Block Kit's limits
 * (tables are cut to the room left, with a note saying so).
 */
export function renderReplyBlocks(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const head: KnownBlock[] = [
    ...(options.preface ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: truncate(options.preface, blockKitLimits.sectionText) } }] : []),
    { type: 'header', text: { type: 'plain_text', text: truncate(reply.title, blockKitLimits.headerText) } },
    ...(reply.subtitle ? [context([reply.subtitle])] : []),
    ...bodyBlocks(reply.text),
    ...figureBlocks(reply.figures),
  ];
  const buttons = actionBlocks(reply.actions ?? []);
  const tail: KnownBlock[] = [...(options.image ? [imageBlock(options.image)] : []), ...noteBlocks([...reply.notes, ...(options.extraNotes ?? [])]), ...buttons];
  const table = reply.table ? tableBlocks(reply.table, blockKitLimits.blocksPerMessage - head.length - tail.length) : [];
  return { text: fallbackText(reply), blocks: withinBlockLimit([...head, ...table, ...tail], buttons.length) };
}

/**
 * Body text: lines starting with `/botwatch` are usage lines and go in a code block (monospace);
 * other lines are prose. Each part is one section of at most 3,000 characters.
 */
function bodyBlocks(text: string | undefined): SectionBlock[] {
  if (!text) return [];
  const parts: { code: boolean; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const code = line.trimStart().startsWith('/botwatch');
    const last = parts.at(-1);
    if (last && last.code === code) last.lines.push(line);
    else parts.push({ code, lines: [line] });
  }
  return parts.map(({ code, lines }) => {
    const raw = lines.join('\n');
    const escaped = escapeWithin(raw, blockKitLimits.sectionText - (code ? 8 : 0));
    return { type: 'section', text: { type: 'mrkdwn', text: code ? codeBlock(escaped) : escaped } };
  });
}

function imageBlock(image: UploadedImage): KnownBlock {
  return {
    type: 'image',
    slack_file: { id: image.fileId },
    alt_text: truncate(image.altText, blockKitLimits.imageAltText),
    ...(image.title ? { title: { type: 'plain_text' as const, text: truncate(image.title, blockKitLimits.imageTitle) } } : {}),
  };
}

/** Notes as context blocks, ten to a block. */
function noteBlocks(notes: readonly string[]): ContextBlock[] {
  const blocks: ContextBlock[] = [];
  for (let i = 0; i < notes.length; i += blockKitLimits.contextElements) blocks.push(context(notes.slice(i, i + blockKitLimits.contextElements)));
  return blocks;
}

function context(texts: readonly string[]): ContextBlock {
  return { type: 'context', elements: texts.map((t) => ({ type: 'mrkdwn' as const, text: escapeWithin(t, blockKitLimits.contextText) })) };
}

/** Buttons; `action_id` is the reply's action id, so a press routes back to its owner. */
function actionBlocks(actions: readonly Action[]): ActionsBlock[] {
  if (actions.length === 0) return [];
  const buttons: Button[] = actions.slice(0, blockKitLimits.actionsElements).map((a) => ({
    type: 'button',
    action_id: a.id,
    text: { type: 'plain_text', text: truncate(a.label, blockKitLimits.buttonText) },
    value: a.value.slice(0, blockKitLimits.buttonValue),
    ...(a.style ? { style: a.style } : {}),
  }));
  return [{ type: 'actions', elements: buttons }];
}

/**
 * Past 50 blocks (hundreds of figures or notes): keep the first blocks and the last `keepLast`
 * (the buttons), and say in between that something was left out.
 */
function withinBlockLimit(blocks: KnownBlock[], keepLast: number): KnownBlock[] {
  if (blocks.length <= blockKitLimits.blocksPerMessage) return blocks;
  const first = blocks.slice(0, blockKitLimits.blocksPerMessage - 1 - keepLast);
  const left = blocks.length - first.length - keepLast;
  return [...first, context([`${left} more parts of this answer are not shown (Slack allows ${blockKitLimits.blocksPerMessage} blocks in a message).`]), ...blocks.slice(blocks.length - keepLast)];
}

/** The notification and screen-reader text: title, subtitle, figures, body text. */
function fallbackText(reply: Reply): string {
  const lines = [reply.title, ...(reply.subtitle ? [reply.subtitle] : []), ...reply.figures.map(figureLine), ...(reply.text ? [reply.text] : [])];
  return escapeWithin(lines.join('\n'), blockKitLimits.fallbackText);
}
