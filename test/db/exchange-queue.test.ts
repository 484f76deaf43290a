import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseTimeoutError } from '../../src/db/database.ts';
import type { Database } from '../../src/db/database.ts';
import { ExchangeQueue } from '../../src/db/exchange-queue.ts';
import { OwnActivity } from '../../src/db/own-activity.ts';
import { wrapPglite } from '../../src/db/pglite-database.ts';

// The queue the embedded database's socket hands client messages to, driven directly with
// Postgres protocol messages, against a real (in-memory) PGlite that the "server" uses too.
let pglite: PGlite;
let own: OwnActivity;
let server: Database;
let queue: ExchangeQueue;
let cutOff: number[];

beforeAll(async () => {
  pglite = await PGlite.create();
  await pglite.exec('CREATE TABLE t (x int)');
}, 120_000);
afterAll(async () => {
  await pglite.close();
});
beforeEach(async () => {
  own = new OwnActivity();
  server = wrapPglite(pglite, 2_000, (call) => own.track(call));
  cutOff = [];
  queue = new ExchangeQueue(pglite, own, { idleLimitMs: 300, onIdleLimit: (id) => cutOff.push(id) });
  await pglite.exec('TRUNCATE t');
});

/** A simple Query message. */
function q(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`);
  const bytes = Buffer.alloc(5 + body.length);
  bytes.write('Q');
  bytes.writeInt32BE(4 + body.length, 1);
  body.copy(bytes, 5);
  return new Uint8Array(bytes);
}
const terminate = Uint8Array.of(0x58, 0, 0, 0, 4);

/** Sends `message` as client `id`; resolves to the transaction status of the reply's ReadyForQuery (I, T or E). */
async function send(id: number, message: Uint8Array): Promise<string> {
  const reply: Uint8Array[] = [];
  await queue.enqueue(id, message, (data) => reply.push(data.slice()));
  const all = Buffer.concat(reply);
  return all.length === 0 ? '' : String.fromCharCode(all[all.length - 1] ?? 0);
}

/** Holds PGlite's transaction lock, as a server transaction in progress does, until the returned function is called. */
async function serverBusy(): Promise<() => Promise<void>> {
  let finish!: () => void;
  let started!: () => void;
  const begun = new Promise<void>((r) => (started = r));
  const done = server.transaction(async (tx) => {
    await tx.query('SELECT 1');
    started();
    await new Promise<void>((r) => (finish = r));
  });
  await begun;
  return async () => {
    finish();
    await done;
  };
}

const settle = () => new Promise((r) => setTimeout(r, 100));
const count = async () => (await server.query<{ n: number }>('SELECT count(*)::int AS n FROM t'))[0]?.n;

describe('the queue of the embedded database socket', { timeout: 30_000 }, () => {
  it('never hands the database to a client that left while waiting its turn', async () => {
    const finish = await serverBusy();
    const waiting = send(1, q('BEGIN'));
    await settle();
    expect(queue.getQueueLength()).toBe(1);
    await queue.clearTransactionIfNeeded(1); // its socket closed
    await expect(waiting).rejects.toThrow(/closed/);
    await finish();
    await settle();
    expect(queue.holderId()).toBeUndefined();
    expect(pglite.isInTransaction()).toBe(false);
    expect(await count()).toBe(0); // the server is not locked out
    expect(await send(2, q('SELECT 1'))).toBe('I');
  });

  it('lets a client leave (Terminate, then its socket closes) while another holds the database', async () => {
    expect(await send(1, q('BEGIN'))).toBe('T');
    const leaving = send(2, terminate);
    await settle();
    await queue.clearTransactionIfNeeded(2);
    await leaving.catch(() => undefined);
    expect(await send(1, q('COMMIT'))).toBe('I');
    await settle();
    expect(queue.holderId()).toBeUndefined();
    expect(await count()).toBe(0);
    expect(await send(3, q('SELECT 1'))).toBe('I');
  });

  it("rolls back the transaction of a client that leaves holding the database, and hands it on", async () => {
    expect(await send(1, q('BEGIN'))).toBe('T');
    expect(await send(1, q('INSERT INTO t VALUES (1)'))).toBe('T');
    const next = send(2, q('INSERT INTO t VALUES (2)'));
    const serverInsert = server.query('INSERT INTO t VALUES (3)');
    await settle();
    await queue.clearTransactionIfNeeded(1);
    expect(await next).toBe('I');
    await serverInsert;
    expect((await server.query<{ x: number }>('SELECT x FROM t ORDER BY x')).map((r) => r.x)).toEqual([2, 3]);
  });

  it("runs a client's messages in the order they arrived, even when handed over before the previous one finished", async () => {
    const statuses = await Promise.all([send(1, q('BEGIN')), send(1, q('INSERT INTO t VALUES (1)')), send(1, q('INSERT INTO t VALUES (2)')), send(1, q('COMMIT'))]);
    expect(statuses).toEqual(['T', 'T', 'T', 'I']);
    expect(queue.holderId()).toBeUndefined();
    expect(await count()).toBe(2);
  });

  it('cuts off a client that keeps the database mid-transaction without a word', async () => {
    expect(await send(1, q('BEGIN'))).toBe('T');
    expect(await send(1, q('INSERT INTO t VALUES (1)'))).toBe('T');
    const started = performance.now();
    expect(await count()).toBe(0); // waits for the idle limit, then sees the insert rolled back
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(cutOff).toEqual([1]);
    await expect(send(1, q('COMMIT'))).rejects.toThrow();
  });

  it('stays consistent when a server call gives up while a client holds the database', async () => {
    const impatient = wrapPglite(pglite, 100, (call) => own.track(call));
    expect(await send(1, q('BEGIN'))).toBe('T');
    expect(await send(1, q('INSERT INTO t VALUES (1)'))).toBe('T');
    await expect(impatient.query('INSERT INTO t VALUES (9)')).rejects.toBeInstanceOf(DatabaseTimeoutError);
    const abandonedTx = impatient.transaction(async (tx) => void (await tx.query('INSERT INTO t VALUES (8)')));
    await expect(abandonedTx).rejects.toBeInstanceOf(DatabaseTimeoutError);
    const other = send(2, q('INSERT INTO t VALUES (2)'));
    expect(await send(1, q('COMMIT'))).toBe('I');
    expect(await other).toBe('I');
    await settle();
    expect(queue.holderId()).toBeUndefined();
    // The timed-out query still ran; the timed-out transaction did not commit.
    expect((await server.query<{ x: number }>('SELECT x FROM t ORDER BY x')).map((r) => r.x)).toEqual([1, 2, 9]);
  });
});
