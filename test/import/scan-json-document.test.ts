import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanJsonDocument } from '../../src/import/json/scan-json-document.ts';
import type { JsonDocumentPart, JsonScanOptions } from '../../src/import/json/scan-json-document.ts';

/** Hands `text` over in pieces of `size` bytes, so every boundary (inside escapes, inside UTF-8) is crossed. */
const chunked = (text: string, size: number) => {
  const bytes = Buffer.from(text);
  return Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));
};

async function scan(text: string, size: number, options: JsonScanOptions = {}): Promise<JsonDocumentPart[]> {
  const parts: JsonDocumentPart[] = [];
  for await (const part of scanJsonDocument(chunked(text, size), options)) parts.push(part);
  return parts;
}

const items = (parts: JsonDocumentPart[]) => parts.flatMap((p) => (p.kind === 'item' ? [p.value] : []));

describe('the streaming JSON document reader', () => {
  const tricky = [
    { text: 'quote " and backslash \\ and \\" and }] inside', n: 1 },
    { text: 'ünïcödé ✓ 😀 split across chunks', nested: { a: [1, [2, { b: '[' }]], c: null } },
    'a string item',
    42,
    -1.5e3,
    true,
    null,
    [],
    {},
    { escapes: '\\\\', tail: 'ends in a backslash \\' },
  ];

  it('yields every item of a root array, whatever the chunk size', async () => {
    const text = `\ufeff [\n${tricky.map((v) => JSON.stringify(v, null, 1)).join(' ,\n')}\n] \n`;
    for (const size of [1, 2, 3, 7, 64, 1_000_000]) {
      const parts = await scan(text, size);
      expect(items(parts)).toEqual(tricky);
      expect(parts.every((p) => p.kind === 'item')).toBe(true);
    }
  });

  it('gives each item its index and byte offset', async () => {
    const parts = await scan('[{"a":1},  {"b":2}]', 3);
    expect(parts).toEqual([
      { kind: 'item', field: undefined, index: 0, offset: 1, value: { a: 1 } },
      { kind: 'item', field: undefined, index: 1, offset: 11, value: { b: 2 } },
    ]);
  });

  it('streams the named array field of a root object and yields the other fields whole', async () => {
    const text = JSON.stringify({ sender_id: 'ana', slots: { x: [1, 2] }, events: [{ e: 1 }, { e: 2 }], paused: false });
    for (const size of [1, 5, 4096]) {
      const parts = await scan(text, size, { streamedFields: ['events'] });
      expect(parts.map((p) => (p.kind === 'field' ? [p.key, p.value] : p.kind === 'item' ? [p.field, p.index, p.value] : p))).toEqual([
        ['sender_id', 'ana'],
        ['slots', { x: [1, 2] }],
        ['events', 0, { e: 1 }],
        ['events', 1, { e: 2 }],
        ['paused', false],
      ]);
    }
  });

  it('reports a truncated file at the item it cuts, keeping every item before it', async () => {
    const text = '[{"n":1},{"n":2},{"n":3,"text":"cut here';
    for (const size of [1, 4, 1000]) {
      const parts = await scan(text, size, { itemNoun: 'activity' });
      expect(items(parts)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(parts.at(-1)).toEqual({ kind: 'problem', index: 2, offset: text.length, message: `the file ends at byte ${text.length} before this activity is complete (truncated or corrupt?)` });
    }
    const between = await scan('[{"n":1},', 2, { itemNoun: 'activity' });
    expect(between.at(-1)).toEqual({ kind: 'problem', index: 1, offset: 9, message: 'the file ends at byte 9 where activity 2 or the closing "]" should follow (truncated?)' });
  });

  it('reports an item that is not valid JSON and goes on with the next', async () => {
    const parts = await scan('[{"n":1},{"n":tru},{"n":3}]', 5, { itemNoun: 'activity' });
    expect(items(parts)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(parts[1]).toMatchObject({ kind: 'problem', index: 1, offset: 9, message: expect.stringMatching(/^not valid JSON \(/) });
  });

  it('stops at a character that breaks the structure, naming its byte', async () => {
    const parts = await scan('[{"n":1} x {"n":2}]', 4, { itemNoun: 'activity' });
    expect(items(parts)).toEqual([{ n: 1 }]);
    expect(parts.at(-1)).toEqual({ kind: 'problem', index: 1, offset: 9, message: 'unexpected "x" at byte 9 after activity 1; expected "," or "]"' });
    expect(await scan('', 4)).toEqual([{ kind: 'problem', index: undefined, offset: 0, message: 'the file is empty: expected a JSON array or object' }]);
    expect((await scan('hello', 4))[0]).toMatchObject({ kind: 'problem', message: 'expected a JSON array or object at byte 0, found "h"' });
  });

  it('reports an item too large to hold and reads on', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(5000) });
    const parts = await scan(`[${big},{"n":2}]`, 512, { itemNoun: 'activity', maxItemBytes: 1000 });
    expect(parts[0]).toMatchObject({ kind: 'problem', index: 0, message: 'this activity is larger than 1,000 bytes and was not read' });
    expect(items(parts)).toEqual([{ n: 2 }]);
  });

  it('reports an item nested deeper than 64 levels and reads on, keeping one nested exactly 64', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const parts = await scan(`[{"n":1,"v":${nested(50_000)}},{"n":2,"v":${nested(63)}}]`, 4096, { itemNoun: 'activity' });
    expect(parts[0]).toMatchObject({ kind: 'problem', index: 0, message: 'this activity is nested deeper than 64 levels and was not read' });
    expect(items(parts)).toMatchObject([{ n: 2 }]);
  });
});
