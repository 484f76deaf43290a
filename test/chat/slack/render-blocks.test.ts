import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeMarker } from '../../../src/chat/slack/render-figures.ts';
import { renderReplyBlocks } from '../../../src/chat/slack/render-blocks.ts';
import type { KnownBlock } from '../../../src/chat/slack/slack-types.ts';
import { describeChange } from '../../../src/metrics/format.ts';
import type { Figure, Reply, Table } from '../../../src/replies/reply.ts';
import { checkBlocks } from '../../helpers/slack-block-check.ts';

const image = { fileId: 'F0CHART', altText: 'Hand-off rate by day, 8 % to 14 %', title: 'Hand-off rate by day' };

function figure(label: string, value: number, previous: number, better: Figure['better'], unit: Figure['unit'] = 'share'): Figure {
  const change = describeChange(value, previous, unit, better)!;
  return { metric: label.toLowerCase().replace(/\W+/g, '_'), label, unit, better, value, formatted: `${value}`, previous, previousFormatted: `${previous}`, change };
}

function reply(parts: Partial<Reply> = {}): Reply {
  return { kind: 'result', title: 'Summary — support-bot', figures: [], notes: [], ...parts };
}

function table(rows: number, columns = 3, cell = (r: number, c: number) => `r${r}c${c}`): Table {
  const cols = Array.from({ length: columns }, (_, c) => ({ key: `k${c}`, label: `Column ${c}`, ...(c > 0 ? { align: 'right' as const } : {}) }));
  return { columns: cols, rows: Array.from({ length: rows }, (_, r) => Object.fromEntries(cols.map((col, c) => [col.key, cell(r, c)]))) };
}

/** Slack's own checks (as the stand-in makes them) plus the count. */
function expectWithinLimits(blocks: KnownBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(50);
  expect(checkBlocks(blocks as unknown as Record<string, unknown>[], () => true)).toEqual([]);
}

const texts = (blocks: KnownBlock[]) => JSON.stringify(blocks);

describe('Slack Block Kit rendering of a reply', () => {
  it('shows the title as a header, the subtitle as context, and each figure as a field', () => {
    const message = renderReplyBlocks(
      reply({
        subtitle: 'support-bot · last 7 days · UTC',
        figures: [figure('Human hand-off rate', 0.12, 0.1, 'lower'), { metric: 'csat', label: 'CSAT', unit: 'share', better: 'higher', value: null, formatted: 'n/a', note: 'no CSAT events in this window' }],
      }),
    );
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Summary — support-bot' } });
    expect(message.blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'support-bot · last 7 days · UTC' }] });
    const fields = (message.blocks[2] as { fields: { text: string }[] }).fields;
    expect(fields.map((f) => f.text)).toEqual(['*Human hand-off rate*\n0.12   🔴 ▲ +2 pts _(was 0.1)_', '*CSAT*\nn/a\n_no CSAT events in this window_']);
    expectWithinLimits(message.blocks);
  });

  it('marks a change by whether it is good news for the metric, with an arrow for its direction', () => {
    expect(changeMarker(describeChange(0.1, 0.12, 'share', 'lower')!)).toBe('🟢 ▼ −2 pts');
    expect(changeMarker(describeChange(0.1, 0.12, 'share', 'higher')!)).toBe('🔴 ▼ −2 pts');
    expect(changeMarker(describeChange(0.14, 0.12, 'share', 'higher')!)).toBe('🟢 ▲ +2 pts');
    expect(changeMarker(describeChange(1200, 1000, 'count', 'none')!)).toBe('▲ +20 %');
    expect(changeMarker(describeChange(0.12, 0.12, 'share', 'lower')!)).toMatch(/^= /);
  });

  it('always gives notification text: title, subtitle and figures, or the body of help', () => {
    const withFigures = renderReplyBlocks(reply({ subtitle: 'last 7 days', figures: [figure('Resolution rate', 0.5, 0.4, 'higher')] }));
    expect(withFigures.text).toBe('Summary — support-bot\nlast 7 days\nResolution rate: 0.5 (🟢 ▲ +10 pts)');
    const help = renderReplyBlocks({ kind: 'help', title: 'botwatch — how your bots are doing', figures: [], notes: [], text: '/botwatch summary [bot]' });
    expect(help.text).toBe('botwatch — how your bots are doing\n/botwatch summary [bot]');
  });

  it('escapes what Slack would read as links or mentions, in blocks and text', () => {
    const message = renderReplyBlocks(reply({ title: 'bot <a&b>', subtitle: '<!channel> & co', figures: [figure('Rate <x>', 0.2, 0.1, 'higher')], notes: ['p < 0.001'] }));
    const all = texts(message.blocks.slice(1)) + message.text;
    expect(all).not.toMatch(/<(?!@)/);
    expect(all).toContain('&lt;!channel&gt; &amp; co');
    expect(all).toContain('p &lt; 0.001');
    // The header is plain text: shown as typed.
    expect(message.blocks[0]).toMatchObject({ text: { type: 'plain_text', text: 'bot <a&b>' } });
  });

  it('puts usage lines of help and errors in a code block and prose around them as text', () => {
    const message = renderReplyBlocks({ kind: 'error', title: 'unknown metric "handof" — did you mean handoff_rate?', figures: [], notes: [], text: 'Try one of:\n/botwatch summary [bot]\n/botwatch funnel [bot]\nWindows: 7d, 30d.' });
    const sections = message.blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    expect(sections).toEqual(['Try one of:', '```\n/botwatch summary [bot]\n/botwatch funnel [bot]\n```', 'Windows: 7d, 30d.']);
  });

  it('shows a narrow table aligned in monospace, with its header', () => {
    const message = renderReplyBlocks(reply({ table: { columns: [{ key: 'c', label: 'Channel' }, { key: 'v', label: 'Rate', align: 'right' }], rows: [{ c: 'web', v: '12.9 %' }, { c: 'whatsapp', v: '8 %' }], caption: 'Settled conversations only.' } }));
    const section = message.blocks.find((b) => b.type === 'section') as { text: { text: string } };
    expect(section.text.text).toBe('```\nChannel     Rate\n────────  ──────\nweb       12.9 %\nwhatsapp     8 %\n```');
    expect(texts(message.blocks)).toContain('Settled conversations only.');
  });

  it('shows a wide table as one line per row, naming each column', () => {
    const wide: Table = { columns: [{ key: 'm', label: 'Metric' }, { key: 'a', label: 'v3.2' }, { key: 'v', label: 'Verdict' }], rows: [{ m: 'Hand-off rate', a: '10.4 %', v: 'higher by 7.4 pts, significant at 95 % (p < 0.001), which is a long verdict' }] };
    const section = renderReplyBlocks(reply({ table: wide })).blocks.find((b) => b.type === 'section') as { text: { text: string } };
    expect(section.text.text).toBe('• *Hand-off rate*   v3.2: 10.4 % · Verdict: higher by 7.4 pts, significant at 95 % (p &lt; 0.001), which is a long verdict');
  });

  it('keeps a 200-row table within Block Kit limits and says how many rows are shown', () => {
    for (const columns of [3, 8]) {
      const message = renderReplyBlocks(reply({ figures: [figure('Hand-off rate', 0.1, 0.2, 'lower')], table: table(200, columns, (r, c) => `row ${r} column ${c} ${'x'.repeat(c * 3)}`), notes: ['a note'], actions: [{ id: 'alert.mute', label: 'Mute 1 h', value: 'rule-1' }] }, ), { image });
      expectWithinLimits(message.blocks);
      expect(texts(message.blocks)).toMatch(/Showing the first \d+ of 200 rows/);
      expect(message.blocks.at(-1)?.type).toBe('actions');
      expect(message.blocks.some((b) => b.type === 'image')).toBe(true);
    }
  });

  it('cuts a cell longer than a section allows instead of failing the message', () => {
    const message = renderReplyBlocks(reply({ table: table(3, 2, (r, c) => (c === 1 ? 'y'.repeat(5000) : `row ${r}`)) }));
    expectWithinLimits(message.blocks);
  });

  it('splits many figures into sections of ten fields and keeps the buttons when there is too much', () => {
    const figures = Array.from({ length: 25 }, (_, i) => figure(`Metric ${i}`, 0.2, 0.1, 'higher'));
    const many = renderReplyBlocks(reply({ figures }));
    expect(many.blocks.filter((b) => b.type === 'section').map((b) => (b as { fields: unknown[] }).fields.length)).toEqual([10, 10, 5]);

    const notes = Array.from({ length: 600 }, (_, i) => `note ${i}`);
    const crowded = renderReplyBlocks(reply({ notes, actions: [{ id: 'alert.acknowledge', label: 'Acknowledge', value: 'n-1', style: 'primary' }] }));
    expectWithinLimits(crowded.blocks);
    expect(crowded.blocks.at(-1)).toEqual({ type: 'actions', elements: [{ type: 'button', action_id: 'alert.acknowledge', text: { type: 'plain_text', text: 'Acknowledge' }, value: 'n-1', style: 'primary' }] });
    expect(texts(crowded.blocks)).toContain('more parts of this answer are not shown');
  });

  it('shows the uploaded chart as an image block with its alt text, after the figures', () => {
    const message = renderReplyBlocks(reply({ figures: [figure('Hand-off rate', 0.1, 0.2, 'lower')], notes: ['n'] }), { image });
    const types = message.blocks.map((b) => b.type);
    expect(types).toEqual(['header', 'section', 'image', 'context']);
    expect(message.blocks[2]).toEqual({ type: 'image', slack_file: { id: 'F0CHART' }, alt_text: image.altText, title: { type: 'plain_text', text: image.title } });
  });

  it('stays within Block Kit limits for any reply', () => {
    const text = fc.string({ minLength: 1, maxLength: 400 });
    const anyFigure = fc.record({ label: text, value: fc.double({ min: 0, max: 1, noNaN: true }), previous: fc.double({ min: 0, max: 1, noNaN: true }), better: fc.constantFrom<Figure['better']>('higher', 'lower', 'none') });
    fc.assert(
      fc.property(
        fc.array(anyFigure, { maxLength: 40 }),
        fc.array(text, { maxLength: 40 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 12 }),
        fc.option(fc.string({ maxLength: 4000 })),
        fc.boolean(),
        (figures, notes, rows, columns, body, withImage) => {
          const message = renderReplyBlocks(
            reply({ title: notes[0] ?? 'title', subtitle: notes[1] ?? '', figures: figures.map((f) => figure(f.label, f.value, f.previous, f.better)), notes, table: table(rows, columns, (r, c) => `${notes[(r + c) % Math.max(1, notes.length)] ?? ''}${r}`), ...(body ? { text: body } : {}) }),
            withImage ? { image } : {},
          );
          expectWithinLimits(message.blocks);
          expect(message.text.length).toBeGreaterThan(0);
          expect(message.text.length).toBeLessThanOrEqual(3000);
        },
      ),
      { numRuns: 150 },
    );
  });
});
