import type { ReadProgress } from '../source-record.ts';
import { JsonDocumentScanner } from './json-document-scanner.ts';

/**
 * A piece of a JSON document read as a stream: an item of the streamed array (the root array, or
 * an array-valued field of the root object named in `streamedFields`), another top-level field of
 * a root object, or a problem. After a problem that breaks the document's structure (truncation,
 * a stray character between items) nothing more is read; an item that is not valid JSON on its own
 * is reported and reading goes on with the next one.
 */
export type JsonDocumentPart =
  | { kind: 'item'; field: string | undefined; index: number; offset: number; value: unknown }
  | { kind: 'field'; key: string; offset: number; value: unknown }
  | { kind: 'problem'; index: number | undefined; offset: number; message: string };

export interface JsonScanOptions {
  /** In a root object, the fields whose array is read item by item (`events`, `value`). */
  streamedFields?: readonly string[];
  /** What an item is called in messages (`activity`, `record`). */
  itemNoun?: string;
  /** An item larger than this is reported and skipped, never held in memory. */
  maxItemBytes?: number;
  progress?: ReadProgress;
}

/**
 * Reads a JSON document from a byte stream without holding more than one item (plus one chunk)
 * in memory: a byte-level scanner finds where each item starts and ends (strings, escapes and
 * nesting are tracked; structural characters are ASCII, so UTF-8 needs no decoding), and
 * `JSON.parse` turns each item's bytes into a value. This is how a 200 MB Bot Framework transcript
 * (one big array) is imported with flat memory.
 */
export async function* scanJsonDocument(input: AsyncIterable<Buffer | string>, options: JsonScanOptions = {}): AsyncGenerator<JsonDocumentPart> {
  const scanner = new JsonDocumentScanner(options);
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (options.progress) options.progress.bytesRead += bytes.length;
    yield* scanner.push(bytes);
    if (scanner.stopped) return;
  }
  yield* scanner.end();
}
