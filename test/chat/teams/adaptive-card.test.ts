import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAdaptiveCard } from '../../../src/chat/teams/adaptive-card.ts';
import { cardLimitBytes, renderAdaptiveCard, teamsMessageLimitBytes, utf16JsonBytes } from '../../../src/chat/teams/render-adaptive-card.ts';
import type { Figure, Reply, Table } from '../../../src/replies/reply.ts';
import { elementsOf, textsOf } from './adaptive-card-content.ts';

const handoff: Figure = {
  metric: 'handoff_rate',
  label: 'Human hand-off rate',
  unit: 'share',
  better: 'lower',
  value: 0.142,
  formatted: '14.2 %',
  previousFormatted: '11 %',
  change: { absolute: 0.032, relative: 0.29, formatted: '+3.2 pts', direction: 'up', assessment: 'bad' },
  numerator: 41,
  denominator: 289,
  note: '41 of 289',
};
const resolution: Figure = { ...handoff, metric: 'resolution_rate', label: 'Resolution rate', better: 'higher', formatted: '61 %', change: { absolute: 0.04, relative: 0.07, formatted: '+4 pts', direction: 'up', assessment: 'good' } };
const volume: Figure = { metric: 'conversations', label: 'Conversation volume', unit: 'count', better: 'none', value: 289, formatted: '289', change: { absolute: 0, relative: 0, formatted: '±0', direction: 'flat', assessment: 'neutral' } };

const table: Table = {
  columns: [
    { key: 'channel', label: 'Channel' },
    { key: 'rate', label: 'Hand-off rate', align: 'right' },
  ],
  rows: [
    { channel: 'web', rate: '12.1 %' },
    { channel: 'whats_app', rate: '18.4 %' },
  ],
  caption: 'Channels with at least 30 conversations.',
};

const reply: Reply = {
  kind: 'result',
  title: 'Summary — lead_gen_bot',
  subtitle: 'lead_gen_bot · last 7 days · Europe/Berlin',
  figures: [handoff, resolution, volume],
  table,
  notes: ['3 conversations are still in progress.', 'Try /botwatch handoff lead_gen_bot by:channel.'],
  actions: [
    { id: 'alert.acknowledge', label: 'Acknowledge', value: 'rule-3:17', style: 'primary' },
    { id: 'alert.mute', label: 'Mute 1 h', value: 'rule-3:1h' },
  ],
};
const image = { url: 'https://botwatch.example.com/charts/abc.png?exp=1&sig=x', altText: 'Line chart of human hand-off rate by day' };

describe('the Adaptive Card of a reply', () => {
  const card = renderAdaptiveCard(reply, image).card;

  it('is a version 1.5 card at full message width, with fallback text', () => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' }, fallbackText: 'Summary — lead_gen_bot — lead_gen_bot · last 7 days · Europe/Berlin' });
  });

  it('starts with the title as a heading and the subtitle, markdown in data escaped', () => {
    const [title, subtitle] = card.body;
    expect(title).toMatchObject({ type: 'TextBlock', text: 'Summary — lead\\_gen\\_bot', size: 'Large', weight: 'Bolder', style: 'heading' });
    expect(subtitle).toMatchObject({ type: 'TextBlock', text: 'lead\\_gen\\_bot · last 7 days · Europe/Berlin', isSubtle: true });
  });

  it('shows each figure with its value, its note, and its change coloured by whether it is good news', () => {
    const rows = elementsOf(card, 'ColumnSet');
    expect(rows.map((r) => textsOf(r))).toEqual([
      ['Human hand-off rate', '41 of 289', '14.2 %', '▲ +3.2 pts', 'was 11 %'],
      ['Resolution rate', '41 of 289', '61 %', '▲ +4 pts', 'was 11 %'],
      ['Conversation volume', '289', '= ±0'],
    ]);
    const changeColor = (row: Record<string, unknown>) => elementsOf(elementsOf(row, 'Column')[2], 'TextBlock')[0]?.color;
    expect(rows.map(changeColor)).toEqual(['Attention', 'Good', 'Default']);
  });

  it('lines values and changes up: every figure row has the same three columns, the change column empty without a change', () => {
    const { change: _change, ...noChange } = volume;
    const rows = elementsOf(renderAdaptiveCard({ ...reply, figures: [handoff, noChange] }).card, 'ColumnSet');
    expect(rows.map((r) => elementsOf(r, 'Column').map((c) => c.width))).toEqual([
      [5, 2, 3],
      [5, 2, 3],
    ]);
    expect(elementsOf(rows[1], 'Column')[2]).toEqual({ type: 'Column', width: 3, items: [] });
  });

  it('shows the chart from its URL with its alt text, expandable', () => {
    expect(elementsOf(card, 'Image')).toEqual([{ type: 'Image', url: image.url, altText: image.altText, size: 'Stretch', spacing: 'Medium', msteams: { allowExpand: true } }]);
  });

  it('lays the table out as a Table with a header row and right-aligned number columns, then its caption', () => {
    const [t] = elementsOf(card, 'Table');
    expect(t).toMatchObject({ firstRowAsHeader: true, columns: [{ width: 2, horizontalCellContentAlignment: 'Left' }, { width: 1, horizontalCellContentAlignment: 'Right' }] });
    expect(textsOf(t)).toEqual(['Channel', 'Hand-off rate', 'web', '12.1 %', 'whats_app', '18.4 %']);
    expect(elementsOf(t, 'TextBlock')[0]).toMatchObject({ weight: 'Bolder' });
    const texts = textsOf(card);
    expect(texts[texts.indexOf('18.4 %') + 1]).toBe('Channels with at least 30 conversations.');
  });

  it('ends with the notes, commands worded as typed in Teams', () => {
    expect(textsOf(card).slice(-2)).toEqual(['3 conversations are still in progress.', 'Try @botwatch handoff lead_gen_bot by:channel.']);
  });

  it('turns actions into Action.Submit buttons whose data names the action and its value', () => {
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'Acknowledge', data: { action: 'alert.acknowledge', value: 'rule-3:17' }, style: 'positive' },
      { type: 'Action.Submit', title: 'Mute 1 h', data: { action: 'alert.mute', value: 'rule-3:1h' } },
    ]);
  });

  it('leaves out what the reply does not have', () => {
    const bare = renderAdaptiveCard({ kind: 'result', title: 'Bots', figures: [], notes: [] }).card;
    expect(bare.body).toEqual([{ type: 'TextBlock', text: 'Bots', wrap: true, size: 'Large', weight: 'Bolder', style: 'heading' }]);
    expect(bare.actions).toBeUndefined();
  });

  it('colours an alert title as needing attention', () => {
    expect(renderAdaptiveCard({ ...reply, kind: 'alert' }).card.body[0]).toMatchObject({ color: 'Attention' });
  });
});

describe('fitting a card into a Teams message', () => {
  const bigTable = (n: number): Table => ({
    columns: [
      { key: 'intent', label: 'Intent' },
      { key: 'n', label: 'Conversations', align: 'right' },
      { key: 'rate', label: 'Hand-off rate', align: 'right' },
    ],
    rows: Array.from({ length: n }, (_, i) => ({ intent: `order_status_question_${i}`, n: String(10_000 + i), rate: `${i % 100}.5 %` })),
  });

  it('leaves a card that fits alone', () => {
    const rendered = renderAdaptiveCard(reply, image);
    expect(rendered.cut).toEqual({ rows: 0, notes: 0, figures: 0 });
    expect(rendered.bytes).toBe(utf16JsonBytes(rendered.card));
  });

  it('cuts a large table to as many first rows as fit, saying how many it shows', () => {
    const large: Reply = { ...reply, table: bigTable(1_000) };
    const rendered = renderAdaptiveCard(large, image);
    expect(rendered.bytes).toBeLessThanOrEqual(cardLimitBytes);
    const shown = 1_000 - rendered.cut.rows;
    expect(shown).toBeGreaterThan(20);
    expect(textsOf(elementsOf(rendered.card, 'Table'))[3]).toBe('order_status_question_0');
    const note = `Showing the first ${shown} of 1,000 rows: a Teams message holds no more. Narrow the command (a shorter window, a filter) to see the rest.`;
    expect(textsOf(rendered.card)).toContain(note);
    // One row more would not have fitted.
    const oneMore = buildAdaptiveCard(large, image, { figures: large.figures, rows: large.table!.rows.slice(0, shown + 1), notes: [note, ...large.notes] });
    expect(utf16JsonBytes(oneMore)).toBeGreaterThan(cardLimitBytes);
    // The figures, chart, notes and buttons are all still there.
    expect(rendered.cut).toMatchObject({ notes: 0, figures: 0 });
    expect(elementsOf(rendered.card, 'Image')).toHaveLength(1);
    expect(rendered.card.actions).toHaveLength(2);
  });

  it('keeps room for the activity around the card', () => {
    expect(teamsMessageLimitBytes - cardLimitBytes).toBeGreaterThanOrEqual(2048);
  });

  it('drops notes from the last, then figures, when even without the table the card is too large', () => {
    const manyNotes: Reply = { ...reply, table: bigTable(10), notes: Array.from({ length: 200 }, (_, i) => `Note ${i}: ${'x'.repeat(200)}`) };
    const rendered = renderAdaptiveCard(manyNotes);
    expect(rendered.bytes).toBeLessThanOrEqual(cardLimitBytes);
    expect(rendered.cut.rows).toBe(10);
    expect(rendered.cut.notes).toBeGreaterThan(0);
    const texts = textsOf(rendered.card);
    expect(texts).toContain('The table (10 rows) is too large for a Teams message; narrow the command (a shorter window, a filter) to see it.');
    expect(texts).toContain('Note 0: ' + 'x'.repeat(200));
    expect(texts).toContain(`${rendered.cut.notes} more notes left out to fit a Teams message.`);
    expect(rendered.cut.notes).toBeGreaterThan(1);

    const manyFigures: Reply = { kind: 'digest', title: 'Digest', figures: Array.from({ length: 300 }, (_, i) => ({ ...handoff, label: `Metric ${i}` })), notes: ['n'] };
    const cut = renderAdaptiveCard(manyFigures);
    expect(cut.bytes).toBeLessThanOrEqual(cardLimitBytes);
    expect(cut.cut.figures).toBeGreaterThan(0);
    expect(textsOf(cut.card)).toContain(`${cut.cut.figures} figures and 1 note left out to fit a Teams message.`);
  });

  it('says the reply is too large when even its title is', () => {
    const rendered = renderAdaptiveCard({ kind: 'result', title: 'T'.repeat(20_000), text: 'y'.repeat(20_000), figures: [], notes: [] });
    expect(rendered.bytes).toBeLessThanOrEqual(cardLimitBytes);
    expect(textsOf(rendered.card)).toEqual(['T'.repeat(200), 'This reply is too large for a Teams message.']);
  });

  it('never exceeds the limit, whatever the reply (property)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 300 });
    const figure = fc.record({ label: text, formatted: text, note: fc.option(text, { nil: undefined }) }).map((f): Figure => ({ ...handoff, ...f }));
    const replies = fc.record({
      title: text,
      subtitle: text,
      figures: fc.array(figure, { maxLength: 60 }),
      rows: fc.array(fc.tuple(text, text), { maxLength: 400 }),
      notes: fc.array(text, { maxLength: 60 }),
      maxBytes: fc.integer({ min: 4_000, max: cardLimitBytes }),
    });
    fc.assert(
      fc.property(replies, (r) => {
        const candidate: Reply = {
          kind: 'result',
          title: r.title,
          subtitle: r.subtitle,
          figures: r.figures,
          table: { columns: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B', align: 'right' }], rows: r.rows.map(([a, b]) => ({ a, b })) },
          notes: r.notes,
        };
        const rendered = renderAdaptiveCard(candidate, image, { maxBytes: r.maxBytes });
        expect(rendered.bytes).toBe(utf16JsonBytes(rendered.card));
        expect(rendered.bytes).toBeLessThanOrEqual(r.maxBytes);
      }),
      { numRuns: 150 },
    );
  });
});
