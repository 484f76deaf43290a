import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.ts';
import { DatabaseTimeoutError, typeParsers } from './database.ts';

/** As on PostgreSQL: how long a call may wait before its caller gives up. */
const defaultTimeoutMs = 15_000;

/**
 * Embedded PGlite (real Postgres compiled to WebAssembly), for `npm start` on a bare machine and
 * tests without a server. One backend: statements and transactions run one at a time.
 */
export async function openPgliteDatabase(dataDir: string | undefined, loadDataDir?: Blob, timeoutMs?: number): Promise<Database> {
  return wrapPglite(await openPglite(dataDir, loadDataDir), timeoutMs);
}

/** Opens PGlite itself (the server also shares it over a socket), with botwatch's type parsers. */
export function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(loadDataDir !== undefined ? { loadDataDir } : {}),
    parsers: typeParsers,
  });
}

/**
 * Rejects with {@link DatabaseTimeoutError} when `call` has not settled after `ms` (0: never).
 * PGlite cannot cancel a statement: this frees the caller waiting behind another long call, while
 * the call itself still runs to its end (docs/limits-and-timeouts.md).
 */
async function within<T>(ms: number, call: Promise<T>): Promise<T> {
  if (ms <= 0) return call;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Wraps each PGlite call itself — the call, not its caller's wait, which a timeout may cut short
 * while the call still runs (the server counts its own calls this way; see OwnActivity).
 */
export type AroundCall = <T>(call: () => Promise<T>) => Promise<T>;

const direct: AroundCall = (call) => call();

/** Adapts an open PGlite instance to {@link Database}; calls give up after `timeoutMs`. */
export function wrapPglite(db: PGlite, timeoutMs = defaultTimeoutMs, around: AroundCall = direct): Database {
  const run = async <Row>(target: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) =>
    (await target.query<Row>(sql, params as unknown[])).rows;
  return {
    engine: 'pglite',
    query: (sql, params) => within(timeoutMs, around(() => run(db, sql, params))),
    exec: async (sql) => {
      await within(timeoutMs, around(() => db.exec(sql)));
    },
    // Never shorter than the database's own timeout: a running call cannot be cancelled here, so a
    // shorter limit would only make a slow machine's retries repeat work that is still going on.
    withTimeout: (ms) => wrapPglite(db, Math.max(ms, timeoutMs), around),
    transaction(work, options = {}) {
      const limit = options.timeoutMs ?? timeoutMs;
      let abandoned = false;
      // A caller that gave up was told nothing was stored: its transaction must not commit.
      const live = () => {
        if (abandoned) throw new DatabaseTimeoutError(limit);
      };
      const body = async (t: Transaction) => {
        const tx: Queryable = {
          query: async (sql, params) => {
            live();
            return run(t, sql, params);
          },
          exec: async (sql) => {
            live();
            await t.exec(sql);
          },
        };
        const result = await work(tx);
        live();
        return result;
      };
      const transaction = around(() => db.transaction(body));
      return within(limit, transaction).catch((error: unknown) => {
        if (error instanceof DatabaseTimeoutError) {
          abandoned = true;
          transaction.catch(() => undefined); // it rolls back on its own; nobody waits for it
        }
        throw error;
      });
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
