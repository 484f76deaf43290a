import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrations.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { silentLogger } from '../../src/log.ts';

// The embedded database shared over its socket: the server's side and a command line's side, here
// in one process (the lock names this process as the server, as it would another).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-socket-'));
const config = { dataDir: dir, dbPoolSize: 5, databaseUrl: undefined };
let server: Database;
let client: Database;

beforeAll(async () => {
  server = await openDatabase(config, silentLogger, { share: true });
  await migrate(server);
  await server.exec('CREATE TABLE socket_test (x int)');
  client = await openDatabase(config, silentLogger);
}, 120_000);
afterAll(async () => {
  await client.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database shared over a unix socket', { timeout: 60_000 }, () => {
  it('records the socket in the lock and reaches the same data through it', async () => {
    expect(fs.readFileSync(path.join(dir, 'botwatch.lock'), 'utf8')).toBe(`${process.pid}\n${path.join(dir, '.s.PGSQL.5432')}\n`);
    expect(client).toMatchObject({ engine: 'pglite', servedByAnotherProcess: true });
    expect('copyRows' in client).toBe(false);
    await server.query('INSERT INTO socket_test VALUES (1)');
    expect(await client.query('SELECT count(*)::int AS n, 2::int8 AS big FROM socket_test')).toEqual([{ n: 1, big: 2 }]);
  });

  it("keeps the server's statements out of a client's transaction, and a client's out of the server's", async () => {
    await server.exec('TRUNCATE socket_test');
    let serverDone = 0;
    const clientTx = client
      .transaction(async (tx) => {
        await tx.query('INSERT INTO socket_test VALUES (10)');
        await new Promise((r) => setTimeout(r, 200));
        expect(serverDone).toBe(0); // the server's insert waits for the whole transaction
        throw new Error('roll back');
      })
      .catch((error: unknown) => (error as Error).message);
    await new Promise((r) => setTimeout(r, 50));
    await server.query('INSERT INTO socket_test VALUES (100)');
    serverDone = Date.now();
    expect(await clientTx).toBe('roll back');
    expect(await server.query('SELECT x FROM socket_test')).toEqual([{ x: 100 }]); // rolled back alone

    const serverTx = server.transaction(async (tx) => {
      await tx.query('INSERT INTO socket_test VALUES (101)');
      await new Promise((r) => setTimeout(r, 200));
      await tx.query('INSERT INTO socket_test VALUES (102)');
    });
    await new Promise((r) => setTimeout(r, 50));
    const seen = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM socket_test'))[0]?.n;
    await serverTx;
    expect(seen).toBe(3); // after the server's transaction, never halfway through it
  });

  it('disconnects a client that sends COPY FROM STDIN and carries on', async () => {
    const raw = new pg.Client({ host: dir, user: 'postgres', database: 'postgres' });
    raw.on('error', () => undefined); // the disconnection is the expected outcome
    await raw.connect();
    await expect(raw.query('COPY socket_test FROM STDIN')).rejects.toThrow();
    expect(await server.query('SELECT count(*)::int AS n FROM socket_test')).toEqual([{ n: 3 }]);
    expect(await client.query('SELECT count(*)::int AS n FROM socket_test')).toEqual([{ n: 3 }]);
  });

  it('carries on after a client that disconnects while waiting its turn', async () => {
    const leaving = new pg.Client({ host: dir, user: 'postgres', database: 'postgres' });
    await leaving.connect();
    const busy = server.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await new Promise((r) => setTimeout(r, 500));
    });
    await new Promise((r) => setTimeout(r, 100));
    await leaving.end(); // its goodbye arrives while the server holds the database
    await busy;
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    expect(await server.query('SELECT count(*)::int AS n FROM socket_test')).toEqual([{ n: 3 }]);
    expect(performance.now() - started).toBeLessThan(5_000);
    const next = new pg.Client({ host: dir, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 5_000 });
    await next.connect();
    expect((await next.query('SELECT count(*)::int AS n FROM socket_test')).rows).toEqual([{ n: 3 }]);
    await next.end();
  });

  it('takes turns between several clients', async () => {
    const other = await openDatabase(config, silentLogger);
    try {
      await Promise.all([
        ...Array.from({ length: 5 }, (_, i) => client.transaction(async (tx) => void (await tx.query('INSERT INTO socket_test VALUES ($1)', [200 + i])))),
        ...Array.from({ length: 5 }, (_, i) => other.transaction(async (tx) => void (await tx.query('INSERT INTO socket_test VALUES ($1)', [300 + i])))),
        ...Array.from({ length: 5 }, (_, i) => server.query('INSERT INTO socket_test VALUES ($1)', [400 + i])),
      ]);
      expect(await other.query('SELECT count(*)::int AS n FROM socket_test WHERE x >= 200')).toEqual([{ n: 15 }]);
    } finally {
      await other.close();
    }
  });
});
