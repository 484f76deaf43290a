import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database, Queryable } from './database.ts';
import { DatabaseTimeoutError, typeParsers } from './database.ts';
import type { Logger } from '../log.ts';

export interface PgOptions {
  connectionString: string;
  poolSize?: number;
  /** Schema to put first on the search path (tests isolate themselves this way). */
  schema?: string;
  /** Longest a call may take (default 15 s): the server cancels the statement, the client gives up soon after. */
  statementTimeoutMs?: number;
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
  const timeoutMs = options.statementTimeoutMs ?? defaultStatementTimeoutMs;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A link that dies without a reset is found by the OS instead of never.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types,
    // JIT compilation costs 50–100 ms per query and pays off only for long analytical scans;
    // botwatch's queries are short, so it is off for the session.
    options: `-c jit=off -c statement_timeout=${timeoutMs}${options.schema !== undefined ? ` -c search_path=${options.schema}` : ''}`,
  });
  // An idle client losing its connection must not crash the process (STYLE.md "Postgres").
  pool.on('error', (error) => options.logger.warn('database connection lost', { error }));
  return poolView(pool, timeoutMs);
}

/** `statement` with a client-side read timeout of `ms` (none when 0). */
const statement = (sql: string, params: readonly unknown[] | undefined, ms: number): pg.QueryConfig & { query_timeout?: number } =>
  ({ text: sql, values: params as unknown[], ...(ms > 0 ? { query_timeout: ms } : {}) });

/** The pool as a {@link Database} whose calls give up after `timeoutMs` (plus the client's grace). */
function poolView(pool: pg.Pool, timeoutMs: number): Database {
  const clientMs = (ms: number) => (ms > 0 ? ms + clientGraceMs : 0);
  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[] | undefined, ms: number) =>
    (await client.query(statement(sql, params, ms))).rows as Row[];

  return {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params, clientMs(timeoutMs)),
    exec: async (sql) => {
      await pool.query(statement(sql, undefined, clientMs(timeoutMs)));
    },
    withTimeout: (ms) => poolView(pool, ms),
    async transaction(work, transactionOptions = {}) {
      const limit = transactionOptions.timeoutMs ?? timeoutMs;
      const deadline = limit > 0 ? Date.now() + limit + clientGraceMs : Number.POSITIVE_INFINITY;
      // Each statement may take what is left of the transaction's time.
      const left = () => (limit > 0 ? Math.max(1, deadline - Date.now()) : 0);
      const client = await pool.connect();
      let broken = false;
      try {
        await run(client, 'BEGIN', undefined, left());
        await run(client, `SET LOCAL statement_timeout = ${limit}`, undefined, left());
        const tx: Queryable = {
          query: (sql, params) => run(client, sql, params, left()),
          exec: async (sql) => {
            await run(client, sql, undefined, left());
          },
        };
        const result = await work(tx);
        await run(client, 'COMMIT', undefined, left());
        return result;
      } catch (error) {
        if (/Query read timeout/.test((error as Error).message)) {
          // The link is silent: a ROLLBACK would wait as long. Dropping the connection ends the
          // transaction uncommitted (the server rolls it back when it notices).
          broken = true;
          throw new DatabaseTimeoutError(limit, { cause: error });
        }
        try {
          await run(client, 'ROLLBACK', undefined, clientMs(timeoutMs));
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
