import { stringify } from 'csv-stringify/sync';
import { exportedTable } from './exported-table.ts';
import type { RawValue, Reply, Table, TableColumn } from './reply.ts';

/** A reply's table as CSV (RFC 4180: header row, CRLF line ends, quotes only where needed); undefined when it has none. */
export function replyCsv(reply: Reply): string | undefined {
  const table = exportedTable(reply);
  return table === undefined ? undefined : tableCsv(table);
}

/** A table as CSV with raw values where the table has them (see `Table.values`). */
export function tableCsv(table: Table): string {
  const columns = table.exportColumns ?? table.columns;
  const records = table.rows.map((row, i) => columns.map((c) => rawCell(table.values?.[i], row, c)));
  return stringify([columns.map((c) => c.label || c.key), ...records], {
    record_delimiter: 'windows',
    cast: { boolean: (b) => (b ? 'true' : 'false'), number: (n) => (Number.isFinite(n) ? String(n) : ''), string: inertText },
  });
}

function rawCell(values: Record<string, RawValue> | undefined, row: Record<string, string>, column: TableColumn): RawValue {
  if (values !== undefined && Object.hasOwn(values, column.key)) return values[column.key] ?? null;
  return row[column.key] ?? null;
}

/**
 * Text that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return: an intent or step name comes from the bots' own events) gets a leading `'`, so
 * it opens as text. Numbers are written as numbers and never changed.
 */
function inertText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
