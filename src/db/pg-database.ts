import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database, Queryable } from './database.ts';
import { typeParsers } from './database.ts';
import type { Logger } from '../log.ts';

export interface PgOptions {
  connectionString: string;
  poolSize?: number;
  /** Schema to put first on the search path (tests isolate themselves this way). */
  schema?: string;
  logger: Logger;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const parse = typeParsers[oid];
    if (parse !== undefined && format !== 'binary') return parse;
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

/** A `pg` pool against a real PostgreSQL (14+). The pool reconnects by itself after outages. */
export function openPgDatabase(options: PgOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types,
    // JIT compilation costs 50–100 ms per query and pays off only for long analytical scans;
    // botwatch's queries are short, so it is off for the session.
    options: `-c jit=off${options.schema !== undefined ? ` -c search_path=${options.schema}` : ''}`,
  });
  // An idle client losing its connection must not crash the process: the pool replaces it.
  pool.on('error', (error) => options.logger.warn('database connection lost', { error }));

  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    (await client.query(sql, params as unknown[])).rows as Row[];

  return {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
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
      try {
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
        return count;
      } finally {
        client.release();
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
