import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database } from './database.ts';
import { openPgDatabase } from './pg-database.ts';
import { openPgliteDatabase } from './pglite-database.ts';

/**
 * Opens the configured database: `DATABASE_URL` → PostgreSQL, otherwise PGlite in the data folder,
 * which this process then holds until it closes the database (one process at a time).
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'> & Partial<Pick<Config, 'dbStatementTimeoutMs'>>, logger: Logger): Promise<Database> {
  const statementTimeoutMs = config.dbStatementTimeoutMs;
  if (config.databaseUrl !== undefined) {
    return openPgDatabase({ connectionString: config.databaseUrl, poolSize: config.dbPoolSize, logger, ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}) });
  }
  const dir = path.join(config.dataDir, 'pgdata');
  fs.mkdirSync(dir, { recursive: true });
  logger.debug('using the embedded database', { dir });
  const release = lockDataDir(config.dataDir);
  let db: Database;
  try {
    db = await openPgliteDatabase(dir, undefined, statementTimeoutMs);
  } catch (error) {
    release();
    throw error;
  }
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
