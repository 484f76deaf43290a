import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importRecords } from '../../src/import/import-records.ts';
import { readJsonl } from '../../src/import/read-jsonl.ts';
import { monthKey } from '../../src/events/partitions.ts';
import { validateEvent } from '../../src/events/validate-events.ts';
import { event } from '../helpers/events.ts';
import { testEngine } from '../helpers/test-database.ts';
import { testDatabaseAndServer } from '../helpers/test-server.ts';

const its = testDatabaseAndServer();

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const countEvents = async (botId: string) => (await its.t.db.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE bot_id = $1', [botId]))[0]?.n;
/** Arrays nested `depth` levels deep, as JSON text (built as text: JSON.stringify would overflow). */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const withField = (e: Record<string, unknown>, field: string, json: string) => `${JSON.stringify(e).slice(0, -1)},${JSON.stringify(field)}:${json}}`;

describe(`hostile input at ingest (${testEngine})`, () => {
  it('refuses only the event whose extra field nests 50,000 levels deep, with its path, and stores the rest', async () => {
    const [a, b, c] = [0, 1, 2].map(() => event('message.received', { botId: 'deep', timestamp: hourAgo() }));
    const raw = `[${JSON.stringify(a)},${withField(b!, 'nested', nestedArrays(50_000))},${JSON.stringify(c)}]`;
    const res = await its.server.postEvents(undefined, { raw });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1, errors: [{ index: 1, path: 'nested', error: 'events[1].nested: nested deeper than 64 levels' }] });
    expect(await countEvents('deep')).toBe(2);

    const ndjson = await its.server.postEvents(undefined, { contentType: 'application/x-ndjson', raw: [withField(event('resolved', { botId: 'deep-nd', timestamp: hourAgo() }), 'x', `{"a":${nestedArrays(10_000)}}`), JSON.stringify(event('resolved', { botId: 'deep-nd', timestamp: hourAgo() }))].join('\n') });
    expect(ndjson.body).toMatchObject({ accepted: 1, rejected: 1, errors: [{ error: 'events[0].x: nested deeper than 64 levels' }] });
  });

  it('keeps extra fields nested exactly 64 levels and refuses 65', () => {
    const deep = (depth: number) => JSON.parse(nestedArrays(depth)) as unknown;
    const base = event('resolved', { timestamp: hourAgo() });
    expect(validateEvent({ ...base, extra: deep(64) }, { storeMessageText: false })).toHaveProperty('row');
    expect(validateEvent({ ...base, extra: deep(65) }, { storeMessageText: false })).toEqual({ problem: { path: 'extra', message: 'nested deeper than 64 levels' } });
    expect(validateEvent({ ...base, extra: { a: { b: deep(62) } } }, { storeMessageText: false })).toHaveProperty('row');
    expect(validateEvent({ ...base, extra: { a: { b: deep(63) } } }, { storeMessageText: false })).toHaveProperty('problem.path', 'extra');
  });

  it('refuses an event whose extra fields together exceed 64 KiB, naming the field that crosses the limit', async () => {
    const big = event('message.received', { botId: 'big', timestamp: hourAgo(), first: 'x'.repeat(40_000), second: 'y'.repeat(40_000) });
    const fine = event('message.received', { botId: 'big', timestamp: hourAgo(), only: 'z'.repeat(60_000) });
    const res = await its.server.postEvents([big, fine]);
    expect(res.body).toMatchObject({ accepted: 1, rejected: 1, errors: [{ path: 'second', error: 'events[0].second: extra fields may hold at most 64 KiB of JSON together; this one takes them past it' }] });
    const [stored] = await its.t.db.query<{ n: number }>(`SELECT length(attrs->>'only') AS n FROM events WHERE bot_id = 'big'`);
    expect(stored?.n).toBe(60_000);
  });

  it('keeps extra field text Postgres cannot hold (NUL, lone surrogates), repaired', async () => {
    const raw = `[${withField(event('resolved', { botId: 'odd-keys', timestamp: hourAgo() }), 'odd', '{"k\\u0000":"\\ud800"}')}]`;
    const res = await its.server.postEvents(undefined, { raw });
    expect(res.body).toMatchObject({ accepted: 1 });
    const [row] = await its.t.db.query<{ attrs: unknown }>(`SELECT attrs FROM events WHERE bot_id = 'odd-keys'`);
    expect(JSON.stringify(row?.attrs)).toBe('{"odd":{"k\uFFFD":"\uFFFD"}}');
  });

  it('refuses events older than the retention window or more than a day ahead, with their path', async () => {
    const day = 86_400_000;
    const batch = [
      event('resolved', { botId: 'when', timestamp: new Date(Date.now() - 401 * day).toISOString() }),
      event('resolved', { botId: 'when', timestamp: new Date(Date.now() + 2 * day).toISOString() }),
      event('resolved', { botId: 'when', timestamp: new Date(Date.now() - 399 * day).toISOString() }),
    ];
    const res = await its.server.postEvents(batch);
    expect(res.body).toMatchObject({
      accepted: 1,
      rejected: 2,
      errors: [
        { error: 'events[0].timestamp: is older than the 400 days this deployment keeps events (BOTWATCH_RETENTION_DAYS)' },
        { error: 'events[1].timestamp: is more than 24 hours in the future; check the sender’s clock' },
      ],
    });
    const old = event('resolved', { timestamp: '2001-05-01T00:00:00Z' });
    expect(validateEvent(old, { storeMessageText: false, retentionDays: 0 })).toHaveProperty('row');
    expect(validateEvent(old, { storeMessageText: false, retentionDays: 36500 })).toHaveProperty('row');
  });

  it('opens at most 3 new monthly partitions per request; events needing more are refused and taken by the next request', async () => {
    const existing = new Set((await its.t.db.query<{ name: string }>(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass`)).map((r) => r.name.replace(/^events_/, '')));
    const months: string[] = [];
    const now = new Date();
    for (let back = 12; back > 0 && months.length < 5; back--) {
      const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15));
      if (!existing.has(monthKey(at))) months.push(at.toISOString());
    }
    expect(months).toHaveLength(5);
    const batch = months.map((timestamp, i) => event('resolved', { botId: 'months', conversationId: `m${i}`, timestamp }));
    const first = await its.server.postEvents(batch);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, rejected: 2 });
    const errors = first.body.errors as { index: number; path: string; error: string }[];
    expect(errors.map((e) => [e.index, e.path])).toEqual([[3, 'timestamp'], [4, 'timestamp']]);
    expect(errors[0]?.error).toBe('events[3].timestamp: falls in a month this deployment holds no events for yet, and this request already opens 3 new months (the most one request may); send it again in another request');
    const again = await its.server.postEvents(batch);
    expect(again.body).toMatchObject({ accepted: 2, duplicate: 3, rejected: 0 });
    expect(await countEvents('months')).toBe(5);
  });
});

describe(`hostile input in imports (${testEngine})`, () => {
  it('reports and skips a line nested 50,000 levels deep between two valid ones', async () => {
    const line = (id: string, extra = '') => withField(event('resolved', { id, botId: 'deep-lines', timestamp: hourAgo() }), 'note', extra || '"fine"');
    const text = [line('a'), line('b', nestedArrays(50_000)), line('c')].join('\n');
    const rejected: string[] = [];
    const counts = await importRecords(its.t.db, readJsonl(Readable.from([Buffer.from(text)])), { storeMessageText: false, onRejected: (p, m) => rejected.push(`${p}: ${m}`) });
    expect(counts).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(rejected).toEqual(['line 2: note: nested deeper than 64 levels']);
    expect(await countEvents('deep-lines')).toBe(2);
  });
});
