import { describe, expect, it } from 'vitest';
import { CommandHistory } from '../../src/console/browser/command-history.ts';
import { accept, complete } from '../../src/console/browser/completions.ts';
import type { Vocabulary } from '../../src/console/feed-entry.ts';

const vocabulary: Vocabulary = {
  commands: ['help', 'metrics', 'bots', 'summary', 'funnel', 'outcomes', 'channels', 'compare', 'digest', 'alert'],
  subcommands: { digest: ['add', 'list', 'remove', 'preview', 'send'], alert: ['add', 'list', 'remove', 'mute', 'unmute', 'history', 'test'] },
  metrics: [
    { id: 'handoff_rate', name: 'Human hand-off rate', aliases: ['handoff', 'handoffs'] },
    { id: 'csat', name: 'CSAT', aliases: ['satisfaction'] },
  ],
  bots: ['support-bot', 'sales-bot'],
  windows: ['24h', '7d', '30d', 'today'],
  groupings: ['hour', 'day', 'channel'],
  filters: ['version:', 'channel:', 'by:'],
};
const values = (text: string, caret = text.length, showAll = false) => complete(text, caret, vocabulary, { showAll })?.suggestions.map((s) => s.value);

describe('command completion', () => {
  it('completes the first word to commands and metrics (with or without /botwatch)', () => {
    expect(values('/bot')).toEqual(['/botwatch']);
    expect(values('/botwatch su')).toEqual(['summary']);
    expect(values('/botwatch hand')).toEqual(['handoff_rate', 'handoff', 'handoffs']);
    expect(values('c')).toEqual(['channels', 'compare', 'csat']);
  });

  it('completes bots, windows, filters and groupings after a command', () => {
    expect(values('/botwatch summary s')).toEqual(['support-bot', 'sales-bot']);
    expect(values('/botwatch handoff support-bot 3')).toEqual(['30d']);
    expect(values('/botwatch handoff support-bot ch')).toEqual(['channel:']);
    expect(values('/botwatch handoff support-bot by:')).toEqual(['by:hour', 'by:day', 'by:channel']);
    expect(values('/botwatch handoff support-bot version:3')).toBeUndefined();
  });

  it('completes sub-commands of digest and alert, and the metric of alert add', () => {
    expect(values('/botwatch alert m')).toEqual(['mute']);
    expect(values('/botwatch alert add cs')).toEqual(['csat']);
    expect(values('/botwatch alert add csat b')).toEqual(['below']);
    expect(values('/botwatch digest ', undefined, true)).toEqual(['add', 'list', 'remove', 'preview', 'send']);
  });

  it('offers nothing for an empty word unless asked (Tab), nor the word already typed in full', () => {
    expect(values('/botwatch summary ')).toBeUndefined();
    expect(values('/botwatch summary ', undefined, true)?.slice(0, 2)).toEqual(['support-bot', 'sales-bot']);
    expect(values('/botwatch summary')).toBeUndefined();
  });

  it('completes the word at the caret, not the last one', () => {
    const text = '/botwatch sum support-bot';
    const completion = complete(text, 13, vocabulary)!;
    expect(completion.suggestions.map((s) => s.value)).toEqual(['summary']);
    expect(accept(text, completion, 'summary')).toEqual({ text: '/botwatch summary support-bot', caret: 18 });
  });

  it('leaves no space after a filter key, so its value can follow', () => {
    const completion = complete('/botwatch handoff by', 20, vocabulary)!;
    expect(accept('/botwatch handoff by', completion, 'by:')).toEqual({ text: '/botwatch handoff by:', caret: 21 });
  });
});

describe('command history', () => {
  const memory = () => {
    const map = new Map<string, string>();
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  };

  it('walks back and forth like a shell, restoring the draft past the newest', () => {
    const history = new CommandHistory(memory());
    history.add('summary');
    history.add('bots');
    history.add('bots'); // not twice in a row
    expect(history.previous('fun')).toBe('bots');
    expect(history.previous('bots')).toBe('summary');
    expect(history.previous('summary')).toBeUndefined();
    expect(history.next()).toBe('bots');
    expect(history.next()).toBe('fun');
    expect(history.next()).toBeUndefined();
  });

  it('is kept in the store across pages, at most `limit` commands, and survives a damaged store', () => {
    const store = memory();
    const first = new CommandHistory(store, 'h', 3);
    for (const c of ['a', 'b', 'c', 'd']) first.add(c);
    const second = new CommandHistory(store, 'h', 3);
    expect([second.previous(''), second.previous(''), second.previous(''), second.previous('')]).toEqual(['d', 'c', 'b', undefined]);
    store.setItem('h', '{not json');
    expect(new CommandHistory(store, 'h').previous('')).toBeUndefined();
  });
});
