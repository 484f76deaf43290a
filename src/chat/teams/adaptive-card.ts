import type { Action, Figure, Reply, Table } from '../../replies/reply.ts';
import { escapeMarkdown, teamsCommandWording } from './teams-markdown.ts';

/** One Adaptive Card element, as JSON. */
export type CardElement = { type: string } & Record<string, unknown>;

/**
 * An Adaptive Card 1.5: the newest schema Teams renders (desktop, web and mobile). 1.5 brings
 * the Table element; `msteams.width: Full` lets tables and charts use the message's width.
 */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  msteams: { width: 'Full' };
  /** Shown by clients that cannot render the card, and in notifications. */
  fallbackText: string;
  body: CardElement[];
  actions?: CardElement[];
}

/** The chart, already published at a signed URL on botwatch. */
export interface CardImage {
  url: string;
  altText: string;
}

/** The parts of a reply that may be cut to fit a Teams message, and the notes saying what was cut. */
export interface CardParts {
  figures: Figure[];
  rows: Table['rows'];
  notes: string[];
}

const text = (s: string) => escapeMarkdown(teamsCommandWording(s));

const textBlock = (content: string, style: Record<string, unknown> = {}): CardElement => ({ type: 'TextBlock', text: text(content), wrap: true, ...style });

/** Good news green, bad news red (Teams' `Good` and `Attention`); the arrow says it without colour. */
const changeColor = { good: 'Good', bad: 'Attention', neutral: 'Default' } as const;
const arrow = { up: '▲', down: '▼', flat: '=' } as const;

/**
 * One figure as a row of three columns: label (and note), value, change (and previous value).
 * Every row has the same three column weights, so values and changes line up down the card.
 */
function figureRow(figure: Figure): CardElement {
  const labelItems = [textBlock(figure.label)];
  if (figure.note) labelItems.push(textBlock(figure.note, { isSubtle: true, size: 'Small', spacing: 'None' }));
  const changeItems: CardElement[] = [];
  if (figure.change) {
    changeItems.push(textBlock(`${arrow[figure.change.direction]} ${figure.change.formatted}`, { color: changeColor[figure.change.assessment], horizontalAlignment: 'Right' }));
    if (figure.previousFormatted) changeItems.push(textBlock(`was ${figure.previousFormatted}`, { isSubtle: true, size: 'Small', spacing: 'None', horizontalAlignment: 'Right' }));
  }
  return {
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      { type: 'Column', width: 5, items: labelItems },
      { type: 'Column', width: 2, items: [textBlock(figure.formatted, { weight: 'Bolder', horizontalAlignment: 'Right' })] },
      { type: 'Column', width: 3, items: changeItems },
    ],
  };
}

function tableElement(table: Table, rows: Table['rows']): CardElement {
  const cell = (content: string, style: Record<string, unknown> = {}): CardElement => ({ type: 'TableCell', items: [textBlock(content, style)] });
  return {
    type: 'Table',
    spacing: 'Medium',
    firstRowAsHeader: true,
    showGridLines: false,
    // The first column names the row (a channel, an intent…): give it the most room.
    columns: table.columns.map((c, i) => ({ width: i === 0 ? 2 : 1, horizontalCellContentAlignment: c.align === 'right' ? 'Right' : 'Left' })),
    rows: [
      { type: 'TableRow', style: 'accent', cells: table.columns.map((c) => cell(c.label, { weight: 'Bolder' })) },
      ...rows.map((row) => ({ type: 'TableRow', cells: table.columns.map((c) => cell(row[c.key] ?? '')) })),
    ],
  };
}

const actionStyle = { primary: 'positive', danger: 'destructive' } as const;

/** A button: Teams posts `data` back to the bot as the message's `value` when it is pressed. */
function submitAction(action: Action): CardElement {
  return { type: 'Action.Submit', title: action.label, data: { action: action.id, value: action.value }, ...(action.style ? { style: actionStyle[action.style] } : {}) };
}

/**
 * A reply as an Adaptive Card: title, subtitle, headline figures (change coloured by whether it
 * is good news), the chart, the table, notes and buttons — with `parts` in place of the reply's
 * figures, table rows and notes (so a caller can cut them to fit), and a "Download CSV" link to
 * the table's export when `csvUrl` is given (a signed link on botwatch; Teams opens it in a browser). Pure.
 */
export function buildAdaptiveCard(reply: Reply, image: CardImage | undefined, parts: CardParts, csvUrl?: string): AdaptiveCard {
  const body: CardElement[] = [textBlock(reply.title, { size: 'Large', weight: 'Bolder', style: 'heading', ...(reply.kind === 'alert' ? { color: 'Attention' } : {}) })];
  if (reply.subtitle) body.push(textBlock(reply.subtitle, { isSubtle: true, spacing: 'None' }));
  if (reply.text) body.push(textBlock(reply.text, { fontType: 'Monospace' }));
  if (parts.figures.length > 0) body.push({ type: 'Container', spacing: 'Medium', items: parts.figures.map(figureRow) });
  if (image) body.push({ type: 'Image', url: image.url, altText: image.altText, size: 'Stretch', spacing: 'Medium', msteams: { allowExpand: true } });
  if (reply.table && reply.table.columns.length > 0 && parts.rows.length > 0) {
    body.push(tableElement(reply.table, parts.rows));
    if (reply.table.caption) body.push(textBlock(reply.table.caption, { isSubtle: true, size: 'Small', spacing: 'Small' }));
  }
  if (parts.notes.length > 0) body.push({ type: 'Container', spacing: 'Medium', items: parts.notes.map((n) => textBlock(n, { isSubtle: true, size: 'Small', spacing: 'Small' })) });
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    msteams: { width: 'Full' },
    fallbackText: [reply.title, reply.subtitle].filter(Boolean).join(' — '),
    body,
  };
  const actions = [...(reply.actions ?? []).map(submitAction), ...(csvUrl === undefined ? [] : [{ type: 'Action.OpenUrl', title: 'Download CSV', url: csvUrl }])];
  if (actions.length > 0) card.actions = actions;
  return card;
}
