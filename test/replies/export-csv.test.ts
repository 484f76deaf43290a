import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/command-context.ts';
import { answer } from '../../src/commands/run-command.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import { replyCsv, tableCsv } from '../../src/replies/export-csv.ts';
import { exportedTable } from '../../src/replies/exported-table.ts';
import type { Reply, Table } from '../../src/replies/reply.ts';
import { intentsFixture, intentsNow } from '../fixtures/commands/intents-fixture.ts';
import { openTestDatabase } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

/** Two versions of `hb` with known hand-offs (30 and 10 of 100), for `compare`. */
function versions(): Record<string, unknown>[] {
  let n = 0;
  return ['1.0', '2.0'].flatMap((version, v) =>
    Array.from({ length: 100 }, (_, i) => {
      const t0 = Date.parse('2026-11-18T00:00:00Z') + i * 60_000;
      const ev = (minutes: number, type: string) => ({ id: `hb-${++n}`, type, timestamp: new Date(t0 + minutes * 60_000).toISOString(), botId: 'hb', conversationId: `${version}-${i}`, botVersion: version, channel: 'web' });
      return [ev(0, 'message.received'), ...(i < (v === 0 ? 30 : 10) ? [ev(1, 'handoff')] : []), ev(3, 'conversation.ended')];
    }).flat(),
  );
}

let t: TestDatabase;
let ctx: CommandContext;
beforeAll(async () => {
  t = await openTestDatabase();
  const { rows, rejected } = validateEvents([...intentsFixture, ...versions()], { storeMessageText: false, now: intentsNow });
  expect(rejected).toEqual([]);
  await storeEvents(t.db, rows);
  ctx = { db: t.db, now: () => intentsNow, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
});
afterAll(() => t?.close());

/** Parses CSV back into records keyed by the header, as a spreadsheet or a script would. */
function readBack(csv: string): Record<string, string>[] {
  return parse<Record<string, string>>(csv, { columns: true, record_delimiter: '\r\n' });
}

/**
 * Every exported cell read back equals the table's raw value (numbers exactly, null as empty), and
 * every right-aligned column shown has raw values: nothing numeric is exported as formatted text.
 */
function expectRoundTrip(reply: Reply): { table: Table; records: Record<string, string>[] } {
  expect(reply.kind, JSON.stringify(reply)).toBe('result');
  const table = exportedTable(reply)!;
  const csv = replyCsv(reply)!;
  expect(csv.endsWith('\r\n')).toBe(true);
  const records = readBack(csv);
  const columns = table.exportColumns ?? table.columns;
  expect(Object.keys(records[0]!)).toEqual(columns.map((c) => c.label || c.key));
  expect(records).toHaveLength(table.rows.length);
  const rawKeys = new Set(columns.map((c) => c.key));
  for (const column of table.columns) if (column.align === 'right' && rawKeys.has(column.key)) expect(table.values?.every((v) => Object.hasOwn(v, column.key)), `${column.key} has raw values`).toBe(true);
  records.forEach((record, i) => {
    for (const column of columns) {
      const cell = record[column.label || column.key]!;
      const values = table.values?.[i];
      if (values === undefined || !Object.hasOwn(values, column.key)) {
        expect(cell).toBe(table.rows[i]![column.key] ?? '');
        continue;
      }
      const raw = values[column.key];
      if (raw === null || raw === undefined) expect(cell).toBe('');
      else if (typeof raw === 'number') expect(Number(cell)).toBe(raw);
      else expect(cell).toBe(String(raw));
    }
  });
  return { table, records };
}

describe('a reply’s table as CSV', () => {
  it('intents: counts as integers, shares and rates as 0–1 (hand-counted)', async () => {
    const { records } = expectRoundTrip(await answer('intents ib 7d', ctx));
    const billing = records.find((r) => r.Intent === 'billing')!;
    expect(billing).toMatchObject({ Conversations: '6', 'Previous period': '5', Share: '0.5', Change: '0.2', New: 'false', 'Fastest-growing': 'true' });
    expect(Number(billing[Object.keys(billing).find((k) => /hand-?off/i.test(k))!])).toBeCloseTo(1 / 6, 12);
    expect(records.find((r) => r.Intent === 'refund')).toMatchObject({ Conversations: '2', Change: '', New: 'true' });
  });

  it('summary: its headline figures, one row per metric', async () => {
    const reply = await answer('summary ib 7d', ctx);
    expect(reply.table).toBeUndefined();
    const { records } = expectRoundTrip(reply);
    expect(records.find((r) => r['Metric id'] === 'conversations')).toMatchObject({ Value: '12', Unit: 'count' });
    const handoff = records.find((r) => r['Metric id'] === 'handoff_rate')!;
    expect(Number(handoff.Value)).toBe(Number(handoff.Numerator) / Number(handoff.Denominator));
  });

  it('list: times as ISO-8601 instants, message counts as integers', async () => {
    const reply = await answer('list ib 7d intent:billing', ctx);
    const { records } = expectRoundTrip(reply);
    expect(records).toHaveLength(6);
    for (const r of records) {
      expect(r.Started).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Number.isInteger(Number(r.Messages))).toBe(true);
    }
  });

  it('compare: each side’s rate and sample size, the Holm-adjusted p and the call', async () => {
    const { records } = expectRoundTrip(await answer('compare hb@1.0 vs hb@2.0 7d', ctx));
    const handoff = records.find((r) => r['Metric id'] === 'handoff_rate')!;
    expect(handoff).toMatchObject({ 'hb@1.0': '0.3', 'hb@1.0 n': '100', 'hb@2.0': '0.1', 'hb@2.0 n': '100', Significant: 'true' });
    expect(Number(handoff['Adjusted p'])).toBeGreaterThan(0);
    expect(Number(handoff['Adjusted p'])).toBeLessThan(0.05);
  });

  it('a by:day trend: one row per day with its instant, value and sample', async () => {
    const reply = await answer('conversations ib 7d by:day', ctx);
    const { records } = expectRoundTrip(reply);
    expect(records.length).toBeGreaterThanOrEqual(7);
    expect(records.every((r) => /^\d{4}-\d\d-\d\dT/.test(r.Day!))).toBe(true);
    expect(Object.keys(records[0]!)).toEqual(['Day', reply.figures[0]!.label, 'Previous period', 'Numerator', 'Denominator']);
    expect(records.reduce((s, r) => s + Number(Object.values(r)[1] || 0), 0)).toBe(reply.figures[0]!.value);
    expect(reply.figures[0]!.value).toBe(12);
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    const table: Table = {
      columns: [{ key: 'a', label: 'Name, full' }, { key: 'b', label: 'n', align: 'right' }],
      rows: [{ a: 'say "hi",\nthen go', b: '1,204' }],
      values: [{ b: 1204 }],
    };
    const csv = tableCsv(table);
    expect(csv).toBe('"Name, full",n\r\n"say ""hi"",\nthen go",1204\r\n');
    expect(readBack(csv)).toEqual([{ 'Name, full': 'say "hi",\nthen go', n: '1204' }]);
  });

  it('writes text a spreadsheet would run as a formula as inert text, and numbers as they are', () => {
    const table: Table = {
      columns: [{ key: 'intent', label: 'Intent' }, { key: 'change', label: 'Change', align: 'right' }],
      rows: [
        { intent: '=HYPERLINK("http://x","y")', change: '−3.0 pp' },
        { intent: '@sum', change: '+1.0 pp' },
        { intent: 'billing', change: '-' },
      ],
      values: [{ change: -0.03 }, { change: 0.01 }, {}],
    };
    expect(readBack(tableCsv(table))).toEqual([
      { Intent: `'=HYPERLINK("http://x","y")`, Change: '-0.03' },
      { Intent: "'@sum", Change: '0.01' },
      { Intent: 'billing', Change: "'-" },
    ]);
  });

  it('has nothing to export for help and errors', async () => {
    expect(replyCsv(await answer('help', ctx))).toBeUndefined();
    expect(replyCsv(await answer('summary no-such-bot', ctx))).toBeUndefined();
  });
});
