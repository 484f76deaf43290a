import type { Change, Figure } from '../../replies/reply.ts';
import { blockKitLimits } from './block-kit-limits.ts';
import { escapeWithin } from './mrkdwn.ts';
import type { SectionBlock } from './slack-types.ts';

/**
 * How a change reads in Slack. mrkdwn has no colours, so the colour is an emoji beside the arrow:
 * 🟢 good news, 🔴 bad news (by the metric's better direction), nothing for neutral changes
 * (volumes, flat); the arrow gives the direction either way, so colour is never the only cue.
 */
export function changeMarker(change: Change): string {
  const arrow = change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '=';
  const colour = change.assessment === 'good' ? '🟢 ' : change.assessment === 'bad' ? '🔴 ' : '';
  return `${colour}${arrow} ${change.formatted}`;
}

/** One figure as mrkdwn: label in bold, value, change with its marker, what it was, its note. */
export function figureMrkdwn(figure: Figure): string {
  const lines = [`*${escapeWithin(figure.label, 200)}*`];
  let value = `${escapeWithin(figure.formatted, 100)}`;
  if (figure.change) {
    value += `   ${escapeWithin(changeMarker(figure.change), 100)}`;
    if (figure.previousFormatted !== undefined) value += ` _(was ${escapeWithin(figure.previousFormatted, 100)})_`;
  }
  lines.push(value);
  if (figure.note) lines.push(`_${escapeWithin(figure.note, 500)}_`);
  return lines.join('\n');
}

/** The headline figures as sections of fields (two columns on desktop), ten fields a section. */
export function figureBlocks(figures: readonly Figure[]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  for (let i = 0; i < figures.length; i += blockKitLimits.fieldsPerSection) {
    const fields = figures.slice(i, i + blockKitLimits.fieldsPerSection).map((f) => ({ type: 'mrkdwn' as const, text: figureMrkdwn(f) }));
    blocks.push({ type: 'section', fields });
  }
  return blocks;
}

/** One line per figure for the notification text: "Human hand-off rate: 12.9 % (▲ +1.2 pts)". */
export function figureLine(figure: Figure): string {
  return `${figure.label}: ${figure.formatted}${figure.change ? ` (${changeMarker(figure.change)})` : ''}`;
}
