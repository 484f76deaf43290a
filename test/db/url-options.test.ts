import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPgDatabase } from '../../src/db/pg-database.ts';
import { poolConnection } from '../../src/db/pool-options.ts';
import { silentLogger } from '../../src/log.ts';
import { testDatabaseUrl, testEngine } from '../helpers/test-database.ts';

/** The test database's URL with these query parameters added (encoded as a user would). */
const withParams = (params: Record<string, string>) => {
  const url = new URL(testDatabaseUrl ?? 'postgres://postgres@127.0.0.1:5432/test');
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
};

const opened: Database[] = [];
const open = (connectionString: string, extra: { statementTimeoutMs?: number; readOnly?: boolean } = {}) => {
  const db = openPgDatabase({ connectionString, logger: silentLogger, poolSize: 2, ...extra });
  opened.push(db);
  return db;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

/** The settings as a pooled connection has them, and inside a transaction. */
async function show(db: Database, names: string[]): Promise<Record<string, string>> {
  const [row] = await db.query<Record<string, string>>(`SELECT ${names.map((n) => `current_setting('${n}') AS ${n}`).join(', ')}`);
  return row ?? {};
}

describe.skipIf(testEngine !== 'postgres')("a connection URL's ?options= (real PostgreSQL only)", () => {
  it("keeps botwatch's settings beside the URL's: its statement timeout applies with the URL's lock timeout", async () => {
    const db = open(withParams({ options: '-c lock_timeout=2500 -c work_mem=8MB' }), { statementTimeoutMs: 15_000 });
    expect(await show(db, ['statement_timeout', 'lock_timeout', 'work_mem', 'jit'])).toEqual({ statement_timeout: '15s', lock_timeout: '2500ms', work_mem: '8MB', jit: 'off' });
  });

  it("lets the URL's settings win on conflict, its statement timeout on the server and in the client's deadline alike", async () => {
    const db = open(withParams({ options: '-c jit=on --statement-timeout=1500ms', application_name: 'botwatch-eu' }), { statementTimeoutMs: 15_000 });
    expect(await show(db, ['statement_timeout', 'jit', 'application_name'])).toEqual({ statement_timeout: '1500ms', jit: 'on', application_name: 'botwatch-eu' });
    const inTransaction = await db.transaction((tx) => tx.query<{ s: string }>(`SELECT current_setting('statement_timeout') AS s`));
    expect(inTransaction[0]?.s).toBe('1500ms');
    // The server cancels a statement after the URL's 1.5 s, not botwatch's 15 s.
    const started = Date.now();
    await expect(db.query('SELECT pg_sleep(4)')).rejects.toThrow(/statement timeout/);
    expect(Date.now() - started).toBeLessThan(3_500);
  });

  it("keeps a read-only pool read-only whatever the URL says, and reads escaped spaces as PostgreSQL does", async () => {
    const db = open(withParams({ options: '-c default_transaction_read_only=off -c application_name=eu\\ replica' }), { readOnly: true });
    expect(await show(db, ['default_transaction_read_only', 'application_name', 'statement_timeout'])).toEqual({ default_transaction_read_only: 'on', application_name: 'eu replica', statement_timeout: '15s' });
    await expect(db.query('CREATE TEMP TABLE t (x int)')).rejects.toThrow(/read-only transaction/);
  });
});

describe('merging the options', () => {
  it('takes only the options parameter out of the URL', () => {
    const merged = poolConnection('postgres://u:p%40ss@db.example:5432/bw?sslmode=require&options=-c%20lock_timeout%3D5s&application_name=x', { statementTimeoutMs: 15_000, schema: 'bw_t' });
    expect(merged).toEqual({
      connectionString: 'postgres://u:p%40ss@db.example:5432/bw?sslmode=require&application_name=x',
      options: '-c jit=off -c statement_timeout=15000 -c lock_timeout=5s -c search_path=bw_t',
      statementTimeoutMs: 15_000,
    });
    expect(poolConnection('postgres://u@db/bw', { statementTimeoutMs: 500 })).toEqual({ connectionString: 'postgres://u@db/bw', options: '-c jit=off -c statement_timeout=500', statementTimeoutMs: 500 });
  });

  it('reads statement_timeout in every form PostgreSQL takes, and names one it cannot read', () => {
    const timeout = (options: string) => poolConnection(`postgres://u@db/bw?options=${encodeURIComponent(options)}`, { statementTimeoutMs: 15_000, urlName: 'DATABASE_URL' }).statementTimeoutMs;
    expect([timeout('-c statement_timeout=2000'), timeout('-cstatement_timeout=30s'), timeout('--statement-timeout=2min'), timeout('-c STATEMENT_TIMEOUT=1.5h'), timeout('-c statement_timeout=0')]).toEqual([2_000, 30_000, 120_000, 5_400_000, 0]);
    expect(() => timeout('-c statement_timeout=soon')).toThrow(`DATABASE_URL's options= sets statement_timeout to "soon", which is not a timeout: give milliseconds or a number with a unit (30s, 2min; 0 for none)`);
  });
});
