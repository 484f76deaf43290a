import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrations.ts';
import { openPgDatabase } from '../../src/db/pg-database.ts';
import { openPgliteDatabase } from '../../src/db/pglite-database.ts';
import { silentLogger } from '../../src/log.ts';

/** The engine tests run on: the real server when TEST_DATABASE_URL is set, else embedded PGlite. */
export const testEngine: 'postgres' | 'pglite' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

export interface TestDatabase {
  db: Database;
  /** The schema holding this test's tables (real server only). */
  schema?: string;
  /** Opens another connection pool onto the same data (real server only): a second replica. */
  openReplica?(options?: { connectionString?: string }): Database;
  /** Closes the database; on the real server drops the schema unless `keep` (a failed test). */
  close(options?: { keep?: boolean }): Promise<void>;
}

/**
 * A migrated, empty database of its own for one test file (pg-boss style: a fresh schema per
 * test on the real server, dropped when done; a fresh copy of a template on PGlite).
 */
export async function openTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (testDatabaseUrl !== undefined) {
    const schema = `bw_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const open = (o: { connectionString?: string } = {}) =>
      openPgDatabase({ connectionString: o.connectionString ?? testDatabaseUrl, schema, poolSize: 5, logger: silentLogger });
    const db = open();
    if (migrated) await migrate(db);
    return {
      db,
      schema,
      openReplica: open,
      async close({ keep = false } = {}) {
        await db.close();
        if (keep) return;
        const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
        await cleanup.connect();
        await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
        await cleanup.end();
      },
    };
  }
  const template = inject('pgliteTemplate');
  const db = migrated ? await openPgliteDatabase(undefined, new Blob([fs.readFileSync(template)])) : await openPgliteDatabase(undefined);
  return { db, close: () => db.close() };
}
