import type { ChartImage, FeedEntry } from '../feed-entry.ts';
import type { Action, Figure, Reply, Table } from '../../replies/reply.ts';
import { csvFileName, exportedTable } from '../../replies/exported-table.ts';
import { el } from './dom.ts';

/** Called when a button in a message is pressed. */
export type PressButton = (messageId: string, action: Action, button: HTMLButtonElement) => void;

/** A reply as the console shows it: the same parts, in the same order, as the Slack and Teams renderings. */
export function renderReply(entry: FeedEntry, reply: Reply, press: PressButton): HTMLElement {
  const body = el('div', { class: `reply kind-${reply.kind}` });
  body.append(el('div', { class: 'reply-title' }, reply.title));
  if (reply.subtitle) body.append(el('div', { class: 'reply-subtitle' }, reply.subtitle));
  if (reply.text) body.append(el('pre', { class: 'reply-text' }, reply.text));
  if (reply.figures.length > 0) body.append(renderFigures(reply.figures));
  if (reply.table && reply.table.rows.length > 0) body.append(renderTable(reply.table));
  if (entry.chart) body.append(renderChart(entry.chart));
  if (entry.chartError) body.append(el('div', { class: 'reply-chart-error' }, entry.chartError));
  const download = entry.author === 'botwatch' && exportedTable(reply) !== undefined;
  if ((reply.actions && reply.actions.length > 0) || download) {
    const row = el('div', { class: 'reply-actions' });
    for (const action of reply.actions ?? []) {
      const button = el('button', { type: 'button', class: `action ${action.style ?? 'default'}`, 'data-action': action.id }, action.label);
      button.addEventListener('click', () => press(entry.id, action, button));
      row.append(button);
    }
    // The server writes the file from the message it keeps (console-csv.ts): raw values, not the text shown.
    if (download) row.append(el('a', { class: 'action default download-csv', href: `/console/messages/${entry.id}.csv`, download: csvFileName(reply) }, 'Download CSV'));
    body.append(row);
  }
  if (reply.notes.length > 0) body.append(el('ul', { class: 'reply-notes' }, ...reply.notes.map((n) => el('li', {}, n))));
  return body;
}

function renderFigures(figures: Figure[]): HTMLElement {
  const list = el('div', { class: 'figures' });
  for (const f of figures) {
    const change = f.change
      ? el('span', { class: `change ${f.change.assessment}`, title: f.change.assessment === 'neutral' ? 'change' : `${f.change.assessment} news` }, `${f.change.direction === 'up' ? '▲' : f.change.direction === 'down' ? '▼' : '='} ${f.change.formatted}`)
      : null;
    list.append(
      el(
        'div',
        { class: 'figure', 'data-metric': f.metric },
        el('span', { class: 'figure-label' }, f.label),
        el('span', { class: `figure-value${f.value === null ? ' na' : ''}` }, f.formatted),
        el('span', { class: 'figure-change' }, change, f.previousFormatted ? el('span', { class: 'was' }, `was ${f.previousFormatted}`) : null, f.note ? el('span', { class: 'figure-note' }, f.note) : null),
      ),
    );
  }
  return list;
}

/** Columns holding sentences (a comparison's verdict) wrap instead of widening the table. */
const longText = 32;

function renderTable(table: Table): HTMLElement {
  const wraps = new Set(table.columns.filter((c) => c.align !== 'right' && table.rows.some((row) => (row[c.key] ?? '').length > longText)).map((c) => c.key));
  const classOf = (key: string, align: string | undefined) => [align === 'right' ? 'num' : '', wraps.has(key) ? 'text' : ''].filter(Boolean).join(' ') || undefined;
  return el(
    'div',
    // A narrow message box shows each row as a small card (console.css, container query).
    { class: 'table-wrap' },
    el(
      'table',
      {},
      table.caption ? el('caption', {}, table.caption) : null,
      el('thead', {}, el('tr', {}, ...table.columns.map((c) => el('th', { class: classOf(c.key, c.align) }, c.label)))),
      el('tbody', {}, ...table.rows.map((row) => el('tr', {}, ...table.columns.map((c) => el('td', { class: classOf(c.key, c.align), 'data-label': c.label }, row[c.key] ?? ''))))),
    ),
  );
}

function renderChart(chart: ChartImage): HTMLElement {
  // Drawn at 2× for sharp screens: shown at half its pixel width.
  const image = el('img', { class: 'chart', src: chart.url, alt: chart.altText, width: String(Math.round(chart.width / 2)), height: String(Math.round(chart.height / 2)) });
  return el('figure', { class: 'reply-chart' }, el('a', { href: chart.url, target: '_blank', rel: 'noopener' }, image));
}
