import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database, Queryable } from './database.ts';
import { DatabaseTimeoutError, typeParsers } from './database.ts';
import { isDatabaseUnavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import { poolConnection } from './pool-options.ts';

export interface PgOptions {
  connectionString: string;
  poolSize?: number;
  /** Schema to put first on the search path (tests isolate themselves this way). */
  schema?: string;
  /** Longest a call may take (default 15 s): the server cancels the statement, the client gives up soon after. */
  statementTimeoutMs?: number;
  /** Every transaction read-only (a read replica's pool: a write sent there by mistake fails, even on a primary). */
  readOnly?: boolean;
  /** What the connection string is called where the user set it (`DATABASE_URL`), for errors about it. */
  urlName?: string;
  logger: Logger;
}

export const defaultStatementTimeoutMs = 15_000;
/**
 * The client waits this much longer than the server's statement_timeout, so a slow statement fails
 * with the server's own cancellation while a silent link (no bytes at all) still fails on time.
 */
const clientGraceMs = 1_000;

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const parse = typeParsers[oid];
    if (parse !== undefined && format !== 'binary') return parse;
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

/**
 * A `pg` pool against a real PostgreSQL (14+). The pool reconnects by itself after outages; every
 * call has a timeout (server side `statement_timeout`, client side a read timeout, TCP keepalive),
 * so a stalled database makes calls fail on time instead of hanging (docs/limits-and-timeouts.md).
 */
export function openPgDatabase(options: PgOptions): Database {
  // The URL's own `?options=` are merged with botwatch's rather than replacing them (./pool-options.ts).
  const connection = poolConnection(options.connectionString, {
    statementTimeoutMs: options.statementTimeoutMs ?? defaultStatementTimeoutMs,
    ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    ...(options.urlName !== undefined ? { urlName: options.urlName } : {}),
  });
  const pool = new pg.Pool({
    connectionString: connection.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A link that dies without a reset is found by the OS instead of never.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types,
    // JIT compilation (off unless the URL turns it on) costs 50–100 ms per query and pays off only
    // for long analytical scans; botwatch's queries are short.
    options: connection.options,
  });
  // An idle client losing its connection must not crash the process: the pool replaces it.
  pool.on('error', (error) => options.logger.warn('database connection lost', { error }));
  return poolView(pool, connection.statementTimeoutMs);
}

const guardedClients = new WeakSet<pg.PoolClient>();

/**
 * The pool listens for errors only on idle connections: a link that breaks while a connection is
 * checked out between statements, or after it was dropped, would raise an uncaught 'error'. The
 * next statement on it fails instead, and the connection is dropped then.
 */
function guarded(client: pg.PoolClient): pg.PoolClient {
  if (!guardedClients.has(client)) {
    guardedClients.add(client);
    client.on('error', () => undefined);
  }
  return client;
}

/** `statement` with a client-side read timeout of `ms` (none when 0). */
const statement = (sql: string, params: readonly unknown[] | undefined, ms: number): pg.QueryConfig & { query_timeout?: number } =>
  ({ text: sql, values: params as unknown[], ...(ms > 0 ? { query_timeout: ms } : {}) });

/** The pool as a {@link Database} whose calls give up after `timeoutMs` (plus the client's grace). */
function poolView(pool: pg.Pool, timeoutMs: number): Database {
  const deadlineAfter = (ms: number) => (ms > 0 ? Date.now() + ms + clientGraceMs : Number.POSITIVE_INFINITY);
  // Each step may take what is left of the call's time (0: no limit).
  const left = (deadline: number) => (deadline === Number.POSITIVE_INFINITY ? 0 : Math.max(1, deadline - Date.now()));
  const run = async <Row>(client: pg.PoolClient, sql: string, params: readonly unknown[] | undefined, deadline: number) =>
    (await client.query(statement(sql, params, left(deadline)))).rows as Row[];

  /**
   * A pool connection, within the deadline: waiting for a free connection, or for a new one on a
   * silent link, counts against the call's time (the pool's own connection timeout is longer).
   */
  const acquire = async (deadline: number, ms: number): Promise<pg.PoolClient> => {
    const pending = pool.connect().then(guarded);
    if (deadline === Number.POSITIVE_INFINITY) return pending;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), left(deadline));
    });
    try {
      return await Promise.race([pending, late]);
    } catch (error) {
      pending.then((client) => client.release(), () => undefined); // arrives late: back to the pool
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  /** One statement on a connection of its own; a connection that timed out or broke is dropped, not reused. */
  const once = async <Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> => {
    const deadline = deadlineAfter(timeoutMs);
    const client = await acquire(deadline, timeoutMs);
    let suspect: Error | undefined;
    try {
      return await run<Row>(client, sql, params, deadline);
    } catch (error) {
      if (isDatabaseUnavailable(error)) suspect = error as Error;
      throw error;
    } finally {
      client.release(suspect);
    }
  };

  return {
    engine: 'postgres',
    query: (sql, params) => once(sql, params),
    exec: async (sql) => {
      await once(sql);
    },
    withTimeout: (ms) => poolView(pool, ms),
    async transaction(work, transactionOptions = {}) {
      const limit = transactionOptions.timeoutMs ?? timeoutMs;
      const deadline = deadlineAfter(limit);
      const client = await acquire(deadline, limit);
      let broken = false;
      try {
        await run(client, 'BEGIN', undefined, deadline);
        await run(client, `SET LOCAL statement_timeout = ${limit}`, undefined, deadline);
        const tx: Queryable = {
          query: (sql, params) => run(client, sql, params, deadline),
          exec: async (sql) => {
            await run(client, sql, undefined, deadline);
          },
        };
        const result = await work(tx);
        await run(client, 'COMMIT', undefined, deadline);
        return result;
      } catch (error) {
        if (/Query read timeout/.test((error as Error).message)) {
          // The link is silent: a ROLLBACK would wait as long. Dropping the connection ends the
          // transaction uncommitted (the server rolls it back when it notices).
          broken = true;
          throw new DatabaseTimeoutError(limit, { cause: error });
        }
        try {
          await run(client, 'ROLLBACK', undefined, deadlineAfter(timeoutMs));
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async copyRows(table, columns, rows) {
      const client = await pool.connect();
      let broken = false;
      try {
        // Bulk loads (benchmarks, demo data) may take longer than any answer should.
        await client.query('SET statement_timeout = 0');
        const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT text)`;
        const sink = client.query(copyFrom(sql));
        let count = 0;
        const source = Readable.from(
          (async function* () {
            for await (const row of rows) {
              count++;
              yield `${row.map(copyText).join('\t')}\n`;
            }
          })(),
        );
        await pipeline(source, sink);
        await client.query('RESET statement_timeout');
        return count;
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        client.release(broken);
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let s: string;
  if (value instanceof Date) s = value.toISOString();
  else if (typeof value === 'object') s = JSON.stringify(value);
  else if (typeof value === 'string') s = value;
  else s = JSON.stringify(value);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
