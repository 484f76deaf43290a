import fs from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords, StrictImportError } from '../../src/import/import-records.ts';
import { formatCounts, formatSkipped } from '../../src/import/progress-display.ts';
import { readCsv } from '../../src/import/read-csv.ts';
import { readJsonl } from '../../src/import/read-jsonl.ts';
import type { SourceRecord } from '../../src/import/source-record.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const fixture = (name: string) => new URL(`../fixtures/import/${name}`, import.meta.url);
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

/** A stream that hands over `text` in pieces of `size` bytes (to cross every boundary). */
const chunked = (text: string, size: number) => Readable.from(Array.from({ length: Math.ceil(text.length / size) }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size))));

async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

describe(`import (${testEngine})`, () => {
  it('imports JSONL, reports bad lines by number, and adds nothing the second time', async () => {
    const rejected: string[] = [];
    const run = () => importRecords(t.db, readJsonl(fs.createReadStream(fixture('mixed.jsonl'))), { storeMessageText: false, onRejected: (p, m) => rejected.push(`${p}: ${m}`) });
    expect(await run()).toEqual({ read: 6, accepted: 4, duplicate: 0, rejected: 2, skipped: 0, skippedBy: {} });
    expect(rejected).toEqual([
      'line 5: timestamp: expected ISO-8601 date-time with offset or Z',
      expect.stringMatching(/^line 6: not valid JSON \(/),
    ]);
    expect(await run()).toEqual({ read: 6, accepted: 0, duplicate: 4, rejected: 2, skipped: 0, skippedBy: {} });
    const facts = await t.db.query(`SELECT inbound_count, handed_off_at FROM conversation_facts WHERE bot_id = 'jsonl-bot'`);
    expect(facts).toEqual([{ inbound_count: 1, handed_off_at: new Date('2026-11-10T09:01:00Z') }]);
  });

  it('stops at the first bad line with --strict, keeping everything before it', async () => {
    const text = fs.readFileSync(fixture('mixed.jsonl'), 'utf8').replaceAll('jsonl-bot', 'strict-bot');
    const error = await importRecords(t.db, readJsonl(chunked(text, 7)), { storeMessageText: false, strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrictImportError);
    expect((error as StrictImportError).position).toBe('line 5');
    expect((error as StrictImportError).counts).toMatchObject({ accepted: 3, rejected: 1 });
    const stored = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE bot_id = 'strict-bot'`);
    expect(stored[0]?.n).toBe(3);
  });

  it('reads CSV with quotes, line breaks in fields and lists, converting contract types', async () => {
    const text = fs.readFileSync(fixture('events.csv'), 'utf8');
    for (const size of [1, 3, 64, 100_000]) {
      const records = await collect(readCsv(chunked(text, size)));
      expect(records.map((r) => r.position)).toEqual(['line 2', 'line 3', 'line 4', 'line 6', 'line 7', 'line 8']);
      expect(records[0]).toEqual({ position: 'line 2', candidate: expect.objectContaining({ note: 'hello, "quoted" world' }) });
      expect(records[1]).toEqual({ position: 'line 3', candidate: expect.objectContaining({ latencyMs: 850, expectsReply: true, ctas: ['Book now', 'Opening hours'] }) });
      expect(records[2]).toEqual({ position: 'line 4', candidate: expect.objectContaining({ final: true, note: 'a note\nover two lines' }) });
      expect(records[4]).toEqual({ position: 'line 7', problem: 'has 13 fields but the header has 14' });
    }
    const rejected: string[] = [];
    const counts = await importRecords(t.db, readCsv(fs.createReadStream(fixture('events.csv'))), { storeMessageText: false, onRejected: (p, m) => rejected.push(`${p}: ${m}`) });
    expect(counts).toEqual({ read: 6, accepted: 4, duplicate: 0, rejected: 2, skipped: 0, skippedBy: {} });
    expect(rejected).toEqual(['line 6: score: expected a whole number from 1 to 5', 'line 7: has 13 fields but the header has 14']);
  });

  it('counts skipped records by reason, neither storing nor rejecting them, even with --strict', async () => {
    const records: SourceRecord[] = [
      { position: 'activity 1', skipped: 'trace activity "BotState" (not a metric)' },
      { position: 'activity 2', candidate: { id: 's1', type: 'resolved', timestamp: '2026-11-10T10:00:00Z', botId: 'skip-bot', conversationId: 'c1' } },
      { position: 'activity 3', skipped: 'trace activity "BotState" (not a metric)' },
      { position: 'activity 4', skipped: 'typing activity (not a metric)' },
    ];
    const counts = await importRecords(t.db, records, { storeMessageText: false, strict: true });
    expect(counts).toEqual({
      read: 4,
      accepted: 1,
      duplicate: 0,
      rejected: 0,
      skipped: 3,
      skippedBy: { 'trace activity "BotState" (not a metric)': 2, 'typing activity (not a metric)': 1 },
    });
    expect(formatSkipped(counts)).toEqual(['skipped 2: trace activity "BotState" (not a metric)', 'skipped 1: typing activity (not a metric)']);
    expect(formatCounts(counts, 0)).toBe('4 records read: 1 accepted, 0 duplicate, 0 rejected, 3 skipped in 0.0 s');
  });

  it('reports a CSV cut off inside a quoted field at the line where that record starts', async () => {
    const records = await collect(readCsv(chunked('id,type\n1,"unterminated\nmore', 4)));
    expect(records).toEqual([{ position: 'line 2', problem: 'a quoted field is never closed (the file may be truncated)' }]);
  });

  it('handles CRLF line endings and a missing final newline', async () => {
    const jsonl = await collect(readJsonl(chunked('{"a":1}\r\n{"b":2}', 5)));
    expect(jsonl).toEqual([
      { position: 'line 1', candidate: { a: 1 } },
      { position: 'line 2', candidate: { b: 2 } },
    ]);
    const csv = await collect(readCsv(chunked('x,y\r\n1,2\r\n3,4', 3)));
    expect(csv).toEqual([
      { position: 'line 2', candidate: { x: '1', y: '2' } },
      { position: 'line 3', candidate: { x: '3', y: '4' } },
    ]);
  });
});
