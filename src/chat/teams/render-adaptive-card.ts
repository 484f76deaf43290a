import { formatCount } from '../../metrics/format.ts';
import type { Reply } from '../../replies/reply.ts';
import { buildAdaptiveCard } from './adaptive-card.ts';
import type { AdaptiveCard, CardImage, CardParts } from './adaptive-card.ts';

/**
 * Teams refuses a bot message larger than its limit (413 MessageSizeTooBig), counted over the whole
 * activity encoded as UTF-16. Microsoft has documented 28 KB, then 40 KB; botwatch keeps to the
 * lowest.
 */
export const teamsMessageLimitBytes = 28 * 1024;

/** Room left for the activity around the card (ids, service URL, conversation, summary). */
const envelopeAllowanceBytes = 4 * 1024;

/** The most a card may weigh, in UTF-16 bytes of its JSON. */
export const cardLimitBytes = teamsMessageLimitBytes - envelopeAllowanceBytes;

/** Size of a JSON value as Teams counts it: UTF-16, two bytes per code unit. */
export function utf16JsonBytes(value: unknown): number {
  return JSON.stringify(value).length * 2;
}

export interface RenderedCard {
  card: AdaptiveCard;
  /** `utf16JsonBytes(card)`. */
  bytes: number;
  /** What was left out to fit (0 when nothing was). */
  cut: { rows: number; notes: number; figures: number };
}

const counted = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** The largest n in [0, max] for which `fits(n)`, assuming fewer is never larger; -1 when none. */
function largestFitting(max: number, fits: (n: number) => boolean): number {
  let low = -1;
  let high = max;
  while (low < high) {
    const mid = Math.ceil((low + high + 1) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * A reply as an Adaptive Card that fits a Teams message (`maxBytes`, default {@link cardLimitBytes}).
 * When it would not, the table is cut first (the rows shown first are kept, with a note saying how
 * many are shown), then notes from the last, then figures from the last. Pure.
 */
export function renderAdaptiveCard(reply: Reply, image?: CardImage, options: { maxBytes?: number; csvUrl?: string } = {}): RenderedCard {
  const maxBytes = options.maxBytes ?? cardLimitBytes;
  const rows = reply.table?.rows ?? [];
  const measure = (parts: CardParts) => {
    const card = buildAdaptiveCard(reply, image, parts, options.csvUrl);
    return { card, bytes: utf16JsonBytes(card) };
  };
  const done = (parts: CardParts, cutNotes = 0): RenderedCard => ({ ...measure(parts), cut: { rows: rows.length - parts.rows.length, notes: cutNotes, figures: reply.figures.length - parts.figures.length } });
  const fits = (parts: CardParts) => measure(parts).bytes <= maxBytes;

  const whole: CardParts = { figures: reply.figures, rows, notes: reply.notes };
  // No row weighs less than one of empty cells: that bounds the search for how many fit.
  const empty = Object.fromEntries((reply.table?.columns ?? []).map((c) => [c.key, '']));
  const emptyRowBytes = rows.length === 0 ? 1 : Math.max(1, measure({ ...whole, rows: [empty, empty] }).bytes - measure({ ...whole, rows: [empty] }).bytes);
  const mostRows = Math.floor(maxBytes / emptyRowBytes);
  if (rows.length <= mostRows && fits(whole)) return done(whole);

  // 1. The table: keep as many of its first rows as fit, and say so.
  const rowsNote = (shown: number) =>
    shown === 0
      ? `The table (${formatCount(rows.length)} rows) is too large for a Teams message; narrow the command (a shorter window, a filter) to see it.`
      : `Showing the first ${formatCount(shown)} of ${formatCount(rows.length)} rows: a Teams message holds no more. Narrow the command (a shorter window, a filter) to see the rest.`;
  const withRows = (shown: number): CardParts => ({ figures: reply.figures, rows: rows.slice(0, shown), notes: [rowsNote(shown), ...reply.notes] });
  if (rows.length > 0) {
    const shown = largestFitting(Math.min(rows.length - 1, mostRows), (n) => fits(withRows(n)));
    if (shown >= 0) return done(withRows(shown));
  }
  const tableGone = rows.length > 0 ? [rowsNote(0)] : [];

  // 2. Notes, from the last.
  const withNotes = (kept: number): CardParts => {
    const dropped = reply.notes.length - kept;
    const notes = [...tableGone, ...reply.notes.slice(0, kept)];
    return { figures: reply.figures, rows: [], notes: dropped > 0 ? [...notes, `${counted(dropped, 'more note')} left out to fit a Teams message.`] : notes };
  };
  const keptNotes = largestFitting(reply.notes.length, (n) => fits(withNotes(n)));
  if (keptNotes >= 0) return done(withNotes(keptNotes), reply.notes.length - keptNotes);

  // 3. Figures, from the last.
  const withFigures = (kept: number): CardParts => ({
    figures: reply.figures.slice(0, kept),
    rows: [],
    notes: [...tableGone, `${counted(reply.figures.length - kept, 'figure')} and ${counted(reply.notes.length, 'note')} left out to fit a Teams message.`],
  });
  const keptFigures = largestFitting(reply.figures.length, (n) => fits(withFigures(n)));
  if (keptFigures >= 0) return done(withFigures(keptFigures), reply.notes.length);

  // 4. Title or text alone too large (not something botwatch writes): say so in a card that fits.
  const short: Reply = { kind: reply.kind, title: reply.title.slice(0, 200), figures: [], notes: [] };
  const notice = 'This reply is too large for a Teams message.';
  const card = buildAdaptiveCard(short, undefined, { figures: [], rows: [], notes: [notice] });
  return { card, bytes: utf16JsonBytes(card), cut: { rows: rows.length, notes: reply.notes.length, figures: reply.figures.length } };
}

