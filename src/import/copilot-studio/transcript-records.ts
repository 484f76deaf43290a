import { csvRows } from '../csv-records.ts';
import { scanJsonDocument } from '../json/scan-json-document.ts';
import { asObject } from '../platform/json-values.ts';
import type { JsonObject } from '../platform/json-values.ts';
import { peekInput } from '../platform/peek-input.ts';
import type { ReadProgress } from '../source-record.ts';

/** One ConversationTranscript row, its column names normalised (`content`, `metadata`, `conversationstarttime`…). */
export type TranscriptRecord = { position: string; fields: JsonObject } | { position: string; problem: string };

/**
 * The rows of a Dataverse `ConversationTranscript` export, one at a time: a JSON array of rows,
 * a Web API answer (`{"value": [rows]}`), or the CSV that Power Apps' "Export data" writes. Column
 * names are compared without case, spaces or underscores, so `ConversationStartTime`,
 * `conversationstarttime` and `_bot_conversationtranscriptid_value` are all found.
 */
export async function* transcriptRecords(raw: AsyncIterable<Buffer | string>, progress: ReadProgress): AsyncGenerator<TranscriptRecord> {
  const { head, input } = await peekInput(raw);
  if (/^\ufeff?\s*[[{]/.test(head)) yield* jsonRecords(input, progress);
  else yield* csvTranscriptRows(input, progress);
}

const columnKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const normalised = (row: JsonObject): JsonObject => Object.fromEntries(Object.entries(row).map(([k, v]) => [columnKey(k), v]));

async function* jsonRecords(input: AsyncIterable<Buffer>, progress: ReadProgress): AsyncGenerator<TranscriptRecord> {
  let rows = 0;
  let otherFields = 0;
  for await (const part of scanJsonDocument(input, { streamedFields: ['value'], itemNoun: 'record', progress })) {
    if (part.kind === 'item') rows++;
    else if (part.kind === 'field') otherFields++;
    if (part.kind === 'problem') yield { position: part.index === undefined ? `byte ${part.offset}` : `record ${part.index + 1}`, problem: part.message };
    else if (part.kind === 'item') {
      const row = asObject(part.value);
      const position = `record ${part.index + 1}`;
      yield row === undefined ? { position, problem: 'expected a ConversationTranscript row (an object)' } : { position, fields: normalised(row) };
    } else if (part.key === 'content') {
      // A single row exported on its own: { "content": "...", ... } with no surrounding array.
      yield { position: 'record 1', problem: 'expected an array of ConversationTranscript rows or {"value": [rows]}, found a single object' };
      return;
    }
  }
  if (rows === 0 && otherFields > 0) yield { position: 'record 1', problem: 'expected an array of ConversationTranscript rows or {"value": [rows]}; found an object without "value"' };
}

async function* csvTranscriptRows(input: AsyncIterable<Buffer>, progress: ReadProgress): AsyncGenerator<TranscriptRecord> {
  for await (const row of csvRows(input, progress, columnKey)) {
    if ('problem' in row) yield row;
    else yield { position: row.position, fields: row.cells };
  }
}
