import fs from 'node:fs';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrations.ts';
import { openPgliteDatabase } from '../../src/db/pglite-database.ts';
import { testDatabaseUrl } from './test-database.ts';

/**
 * A migrated embedded (PGlite) database whichever engine the suite runs on, for code that only
 * ever runs embedded (demo data): a copy of the template when there is one (~0.5 s), else initdb.
 */
export async function openEmbeddedDatabase(): Promise<Database> {
  if (testDatabaseUrl === undefined) return openPgliteDatabase(undefined, new Blob([fs.readFileSync(inject('pgliteTemplate'))]));
  const db = await openPgliteDatabase(undefined);
  await migrate(db);
  return db;
}
