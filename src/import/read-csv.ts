import { csvRows } from './csv-records.ts';
import type { ReadProgress, SourceRecord } from './source-record.ts';

const numberFields = new Set(['latencyMs', 'confidence', 'value', 'score', 'inputTokens', 'outputTokens', 'cachedInputTokens', 'costUsd']);
const booleanFields = new Set(['expectsReply', 'fallback', 'correct', 'final']);

/**
 * CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) whose header row names
 * contract fields. Empty cells are absent fields; numbers and true/false are converted for the
 * contract's numeric and boolean fields; `ctas` is a JSON array or a `;`-separated list.
 * A cell that does not convert is passed on as text so validation names the field.
 */
export async function* readCsv(input: AsyncIterable<Buffer | string>, progress?: ReadProgress): AsyncGenerator<SourceRecord> {
  for await (const row of csvRows(input, progress, (name) => name.trim())) {
    if ('problem' in row) {
      yield row;
      continue;
    }
    yield { position: row.position, candidate: Object.fromEntries(Object.entries(row.cells).map(([name, cell]) => [name, convertCell(name, cell)])) };
  }
}

function convertCell(name: string, cell: string): unknown {
  if (numberFields.has(name)) {
    const n = Number(cell);
    return cell.trim() !== '' && Number.isFinite(n) ? n : cell;
  }
  if (booleanFields.has(name)) {
    const lower = cell.trim().toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return cell;
  }
  if (name === 'ctas') {
    if (cell.trim().startsWith('[')) {
      try {
        return JSON.parse(cell) as unknown;
      } catch {
        return cell;
      }
    }
    return cell.split(';').map((s) => s.trim()).filter((s) => s.length > 0);
  }
  return cell;
}
