import type { ReadProgress } from './source-record.ts';

/**
 * Streams RFC 4180 CSV records (quoted fields, doubled quotes, line breaks inside quotes) with the
 * line each starts on; an unterminated quote is reported at the end. Shared by the contract CSV
 * reader and the Copilot Studio transcript reader.
 */
export async function* csvRecords(input: AsyncIterable<Buffer | string>, progress?: ReadProgress): AsyncGenerator<{ fields: string[]; line: number; problem?: string }> {
  const decoder = new TextDecoder('utf-8');
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (progress) progress.bytesRead += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else if (i + 1 === text.length) {
            // A quote at a chunk edge: decide with the next chunk.
            quoted = false;
            afterQuote = true;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (afterQuote && c === '"') {
        // Doubled quote split across chunks.
        field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        fields.push(field);
        yield { fields, line: recordLine };
        fields = [];
        field = '';
        line++;
        recordLine = line;
        pendingCr = c === '\r';
      } else if (c === '"' && field === '') {
        quoted = true;
      } else {
        field += c;
      }
    }
  }
  field += decoder.decode();
  if (quoted) {
    yield { fields: [], line: recordLine, problem: 'a quoted field is never closed (the file may be truncated)' };
    return;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    yield { fields, line: recordLine };
  }
}

/**
 * CSV rows keyed by the header row's names (`headerName` normalises each), with empty cells left
 * out; a row with the wrong number of fields, or an unreadable record, comes back as a problem.
 */
export async function* csvRows(
  input: AsyncIterable<Buffer | string>,
  progress: ReadProgress | undefined,
  headerName: (raw: string) => string,
): AsyncGenerator<{ position: string; cells: Record<string, string> } | { position: string; problem: string }> {
  let header: string[] | undefined;
  for await (const { fields, line, problem } of csvRecords(input, progress)) {
    const position = `line ${line}`;
    if (problem !== undefined) {
      yield { position, problem };
      continue;
    }
    if (header === undefined) {
      header = fields.map((f) => headerName(f.replace(/^\ufeff/, '')));
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== header.length) {
      yield { position, problem: `has ${fields.length} fields but the header has ${header.length}` };
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((name, i) => {
      const cell = fields[i] ?? '';
      if (cell !== '') cells[name] = cell;
    });
    yield { position, cells };
  }
}
