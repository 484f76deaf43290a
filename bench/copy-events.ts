/**
 * Event rows in PostgreSQL's COPY text format, written with COPY FROM STDIN inside the caller's
 * transaction (so the benchmark loader can store a chunk's events and its facts atomically).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EventRow } from '../src/events/event-row.ts';

/** COPY text escaping: backslash, tab, newline and carriage return are the format's own characters. */
const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/**
 * One value as the column's text input reads it. Numbers are written as JSON writes them, which is
 * what ingest's json_to_recordset parses, so both paths store the same numeric and float values.
 */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return escape(`{${value.map((v) => `"${String(v).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
  if (typeof value === 'object') return escape(JSON.stringify(value));
  if (typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'string') return escape(value);
  throw new Error(`an event row holds a ${typeof value}, which has no COPY text form here`);
}

/** Copies `rows` into `events` (the partitioned parent routes each to its month) on `client`. */
export async function copyEvents(client: pg.ClientBase, rows: readonly EventRow[]): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first) as (keyof EventRow)[];
  const lines = (function* () {
    // Chunks of a few thousand lines: fewer, larger writes to the socket.
    let text = '';
    for (const [i, row] of rows.entries()) {
      text += `${columns.map((c) => copyValue(row[c])).join('\t')}\n`;
      if (i % 2_000 === 1_999) {
        yield text;
        text = '';
      }
    }
    if (text !== '') yield text;
  })();
  await pipeline(Readable.from(lines), client.query(copyFrom(`COPY events (${columns.join(', ')}) FROM STDIN WITH (FORMAT text)`)));
}
