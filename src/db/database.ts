/**
 * The one interface the rest of botwatch uses to reach Postgres, whichever engine is behind it
 * (pg-boss keeps its databases behind `IDatabase { executeSql }` the same way). Both engines
 * return the same JS types: int8 and numeric as numbers, timestamptz as Date, date as 'YYYY-MM-DD'.
 */
export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** How long a call may take before botwatch gives up on it (docs/limits-and-timeouts.md). */
export interface TimeoutOptions {
  /** Milliseconds; 0 means no limit (migrations). Default: the database's statement timeout. */
  timeoutMs?: number;
}

export interface Database extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /**
   * Set when this is a running server's embedded database reached through its socket: every
   * transaction here makes the server wait, so bulk work keeps its transactions short.
   */
  readonly servedByAnotherProcess?: boolean;
  /**
   * Runs `work` in one transaction on one connection; rolls back if it throws. Past its timeout the
   * transaction is abandoned (never committed) and the call rejects with {@link DatabaseTimeoutError}.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TimeoutOptions): Promise<T>;
  /** The same database, whose every call gives up after `timeoutMs` (ingest uses a shorter one than answers). */
  withTimeout?(timeoutMs: number): Database;
  /** Streams rows into `table` with COPY (benchmarks and bulk loads). */
  copyRows?(table: string, columns: readonly string[], rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>): Promise<number>;
  close(): Promise<void>;
  /** Connections of the pool, for `/metrics` (a real PostgreSQL only; PGlite is one backend). */
  poolStats?(): { total: number; idle: number; waiting: number };
}

/** Postgres type OIDs whose text form both engines parse the same way. */
export const typeParsers: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v), // int8: counts and sums fit in a double here
  1700: (v) => Number(v), // numeric
  1082: (v) => v, // date stays 'YYYY-MM-DD', never shifted by the local zone
};

/** A database call took longer than its timeout; nothing it was doing was committed. */
export class DatabaseTimeoutError extends Error {
  override readonly name = 'DatabaseTimeoutError';
  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`the database did not answer within ${timeoutMs} ms`, options);
  }
}
