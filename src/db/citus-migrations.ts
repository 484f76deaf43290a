import type { Database, Queryable } from './database.ts';
import { DomainError } from '../errors.ts';

/** One numbered SQL file (the same shape as the main migrations, read by the same reader). */
interface CitusMigration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

// A ledger of its own: the main ledger's versions, and so the "schema too new" check, stay as they are.
const ledger = `CREATE TABLE IF NOT EXISTS botwatch_citus_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Whether the citus extension is installed in this database (never on PGlite). */
export async function citusInstalled(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS present`);
  return row?.present === true;
}

/**
 * Applies the pending `migrations/citus/` files, each in a transaction of its own under the same
 * advisory lock as the main migrations (Citus distributes a table best in a transaction that has
 * not written to it). Call it after the main migrations, and only when {@link citusInstalled}.
 * Returns the versions it applied.
 */
export async function migrateCitus(db: Database, migrations: readonly CitusMigration[]): Promise<number[]> {
  const ran: number[] = [];
  for (const m of migrations) {
    const applied = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':botwatch-migrate'))`);
      await tx.exec(ledger);
      const [done] = await tx.query<{ checksum: string }>('SELECT checksum FROM botwatch_citus_migrations WHERE version = $1', [m.version]);
      if (done !== undefined) {
        if (done.checksum !== m.checksum) {
          throw new DomainError('migration_changed', `Citus migration ${m.version} (${m.name}) was edited after it was applied; migrations are append-only — add a new one instead`);
        }
        return false;
      }
      try {
        await tx.exec(m.sql);
      } catch (error) {
        throw new Error(`Citus migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
      }
      await tx.query('INSERT INTO botwatch_citus_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      return true;
    }, { timeoutMs: 0 });
    if (applied) ran.push(m.version);
  }
  return ran;
}
