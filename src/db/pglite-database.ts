import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.ts';
import { typeParsers } from './database.ts';

/**
 * Embedded PGlite (real Postgres compiled to WebAssembly), for `npm start` on a bare machine and
 * tests without a server. One backend: statements and transactions run one at a time.
 */
export async function openPgliteDatabase(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  return wrapPglite(await openPglite(dataDir, loadDataDir));
}

/** Opens PGlite itself (the server also shares it over a socket), with botwatch's type parsers. */
export function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(loadDataDir !== undefined ? { loadDataDir } : {}),
    parsers: typeParsers,
  });
}

/** Adapts an open PGlite instance to {@link Database}. */
export function wrapPglite(db: PGlite): Database {
  const run = async <Row>(target: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) =>
    (await target.query<Row>(sql, params as unknown[])).rows;
  return {
    engine: 'pglite',
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (work) =>
      db.transaction(async (t) => {
        const tx: Queryable = {
          query: (sql, params) => run(t, sql, params),
          exec: async (sql) => {
            await t.exec(sql);
          },
        };
        return work(tx);
      }),
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
