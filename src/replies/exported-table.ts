// Pure: the console's browser code imports it too (no Node modules here).

import type { Figure, Reply, Table, TableColumn } from './reply.ts';

/**
 * The table a reply exports: its own table, or — for replies made only of headline figures, such
 * as a summary — the figures as a table (one row per metric, with its previous value and sample).
 */
export function exportedTable(reply: Reply): Table | undefined {
  if (reply.kind === 'error' || reply.kind === 'help') return undefined;
  if (reply.table && reply.table.rows.length > 0) return reply.table;
  if (reply.figures.length > 0) return figuresTable(reply.figures);
  return undefined;
}

/** A file name for a reply's export: its title made safe, `.csv`. */
export function csvFileName(reply: Reply): string {
  const slug = reply.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'botwatch'}.csv`;
}

function figuresTable(figures: Figure[]): Table {
  const columns: TableColumn[] = [
    { key: 'label', label: 'Metric' },
    { key: 'metric', label: 'Metric id' },
    { key: 'unit', label: 'Unit' },
    { key: 'value', label: 'Value', align: 'right' },
    { key: 'previous', label: 'Previous', align: 'right' },
    { key: 'change', label: 'Change', align: 'right' },
    { key: 'numerator', label: 'Numerator', align: 'right' },
    { key: 'denominator', label: 'Denominator', align: 'right' },
  ];
  return {
    columns,
    rows: figures.map((f) => ({
      label: f.label,
      metric: f.metric,
      unit: f.unit,
      value: f.formatted,
      previous: f.previousFormatted ?? '',
      change: f.change?.formatted ?? '',
      numerator: f.numerator === undefined ? '' : String(f.numerator),
      denominator: f.denominator === undefined ? '' : String(f.denominator),
    })),
    values: figures.map((f) => ({
      value: f.value,
      previous: f.previous ?? null,
      change: f.change?.absolute ?? null,
      numerator: f.numerator ?? null,
      denominator: f.denominator ?? null,
    })),
  };
}
