import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';
import { DomainError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { lockDataDir, readDataDirOwner } from './data-dir-lock.ts';
import type { Database } from './database.ts';
import { openPgDatabase } from './pg-database.ts';
import { openPglite, wrapPglite } from './pglite-database.ts';
import { OwnActivity } from './own-activity.ts';
import { servePgliteSocket, socketFileName } from './pglite-socket.ts';
import type { PgliteSocket } from './pglite-socket.ts';

export interface OpenOptions {
  /**
   * Share the embedded database with the command line over a unix socket (`botwatch serve`).
   * Without it, a process that finds the folder held by a server reaches the database through
   * that server's socket.
   */
  share?: boolean;
}

/**
 * Opens the configured database: `DATABASE_URL` → PostgreSQL; otherwise PGlite in the data folder,
 * which this process then holds until it closes the database (one process at a time), or — when a
 * `botwatch serve` holds it — that server's database, through its socket.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'> & Partial<Pick<Config, 'dbStatementTimeoutMs'>>,
  logger: Logger,
  options: OpenOptions = {},
): Promise<Database> {
  const statementTimeoutMs = config.dbStatementTimeoutMs;
  if (config.databaseUrl !== undefined) {
    return openPgDatabase({ connectionString: config.databaseUrl, urlName: 'DATABASE_URL', poolSize: config.dbPoolSize, logger, ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}) });
  }
  const dir = path.join(config.dataDir, 'pgdata');
  fs.mkdirSync(dir, { recursive: true });
  let lock;
  try {
    lock = lockDataDir(config.dataDir);
  } catch (error) {
    const owner = error instanceof DomainError && error.code === 'database_in_use' ? readDataDirOwner(config.dataDir) : undefined;
    if (owner?.socket === undefined || options.share === true) throw error;
    logger.debug('using the embedded database of the running botwatch', { pid: owner.pid, socket: owner.socket });
    return openServedDatabase(owner.socket, logger);
  }
  logger.debug('using the embedded database', { dir });
  let pglite;
  let socket: PgliteSocket | undefined;
  const own = new OwnActivity();
  try {
    pglite = await openPglite(dir);
    if (options.share === true) {
      socket = await servePgliteSocket(pglite, socketPathFor(config.dataDir), logger, own);
      lock.recordSocket(socket.path);
    }
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
  if (socket === undefined) {
    const db = wrapPglite(pglite, statementTimeoutMs);
    return { ...db, close: () => db.close().finally(() => lock.release()) };
  }
  // The server's own calls are counted while PGlite runs them, so a command-line client's turn
  // waits for them (own-activity.ts).
  const db = wrapPglite(pglite, statementTimeoutMs, (call) => own.track(call));
  return {
    ...db,
    async close() {
      try {
        await socket?.close();
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}

/**
 * The read replica answers, digest contents and the console read from (`DATABASE_READ_URL`), its
 * sessions read-only; undefined when unset, and everything then reads from the primary.
 */
export function openReadDatabase(config: Pick<Config, 'databaseReadUrl' | 'dbPoolSize'> & Partial<Pick<Config, 'dbStatementTimeoutMs'>>, logger: Logger): Database | undefined {
  if (config.databaseReadUrl === undefined) return undefined;
  const statementTimeoutMs = config.dbStatementTimeoutMs;
  return openPgDatabase({ connectionString: config.databaseReadUrl, urlName: 'DATABASE_READ_URL', poolSize: config.dbPoolSize, logger, readOnly: true, ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}) });
}

/**
 * The running server's embedded database over its socket: one connection (PGlite is one backend,
 * and the server lets one exchange run at a time anyway). The SQL is PGlite's, so it says `pglite`;
 * it has no `copyRows`, as PGlite cannot take COPY FROM STDIN over the protocol.
 */
const servedStatementTimeoutMs = 120_000;

function openServedDatabase(socket: string, logger: Logger): Database {
  const connectionString = `postgres://postgres@/postgres?host=${encodeURIComponent(path.dirname(socket))}`;
  // A command here waits its turn behind the server's own work, so a call's time is mostly queueing:
  // it gets longer than the server's own calls before it gives up.
  const db = openPgDatabase({ connectionString, poolSize: 1, logger, statementTimeoutMs: servedStatementTimeoutMs });
  return {
    engine: 'pglite',
    servedByAnotherProcess: true,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (work, timeout) => db.transaction(work, timeout),
    close: () => db.close(),
  };
}

/** `<data dir>/.s.PGSQL.5432`, or a private temporary folder when that path is too long for a unix socket. */
function socketPathFor(dataDir: string): string {
  const inDataDir = path.resolve(dataDir, socketFileName);
  if (Buffer.byteLength(inDataDir) <= 100) return inDataDir;
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-')), socketFileName);
}
