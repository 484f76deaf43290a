import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrations.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { silentLogger } from '../src/log.ts';

/** The real PostgreSQL benchmarks run against (they measure the production engine). */
export const benchDatabaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh migrated schema of its own, and the URL a child process can use to reach it. */
export async function openBenchSchema(prefix: string): Promise<{ db: Database; schema: string; url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: benchDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = openPgDatabase({ connectionString: benchDatabaseUrl, schema, poolSize: 8, logger: silentLogger });
  await migrate(db);
  const url = new URL(benchDatabaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    db,
    schema,
    url: url.toString(),
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: benchDatabaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
