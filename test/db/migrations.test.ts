import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, readMigrations, readSchemaStatus } from '../../src/db/migrations.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const opened: TestDatabase[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.close();
});
const fresh = async () => {
  const t = await openTestDatabase({ migrated: false });
  opened.push(t);
  return t;
};
const known = readMigrations();
const latest = known.at(-1)?.version ?? 0;

describe(`migrations (${testEngine})`, () => {
  it('applies each migration once when two processes migrate at the same time', async () => {
    const t = await fresh();
    const second = t.openReplica?.() ?? t.db;
    try {
      const results = await Promise.all([migrate(t.db), migrate(second)]);
      expect(results.flat().sort((a, b) => a - b)).toEqual(known.map((m) => m.version));
      const ledger = await t.db.query<{ version: number; n: number }>('SELECT version, count(*) AS n FROM botwatch_migrations GROUP BY version ORDER BY version');
      expect(ledger).toEqual(known.map((m) => ({ version: m.version, n: 1 })));
      expect(await migrate(t.db)).toEqual([]);
      expect(await readSchemaStatus(t.db)).toEqual({ applied: latest, known: latest, current: true });
    } finally {
      if (second !== t.db) await second.close();
    }
  });

  it('refuses a schema newer than this build knows', async () => {
    const t = await fresh();
    await migrate(t.db);
    await t.db.query(`INSERT INTO botwatch_migrations (version, name, checksum) VALUES (9999, 'from_the_future', 'x')`);
    await expect(migrate(t.db)).rejects.toThrow(/schema is at version 9999 but this botwatch knows only up to/);
    await expect(readSchemaStatus(t.db)).rejects.toMatchObject({ code: 'schema_too_new' });
  });

  it('applies a migration numbered below one already applied (branches merged in another order)', async () => {
    const t = await fresh();
    const last = known.at(-1)?.version ?? 0;
    const later = { version: last + 3, name: 'later', sql: 'CREATE TABLE gap_later (x int)', checksum: 'l', legacyChecksums: [] };
    const earlier = { version: last + 2, name: 'earlier', sql: 'CREATE TABLE gap_earlier (x int)', checksum: 'e', legacyChecksums: [] };
    expect(await migrate(t.db, [...known, later])).toEqual([...known.map((m) => m.version), last + 3]);
    expect((await readSchemaStatus(t.db, [...known, earlier, later])).current).toBe(false);
    expect(await migrate(t.db, [...known, earlier, later])).toEqual([last + 2]);
    expect((await readSchemaStatus(t.db, [...known, earlier, later])).current).toBe(true);
  });

  it('refuses a migration edited after it was applied', async () => {
    const t = await fresh();
    await migrate(t.db);
    const edited = known.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await expect(migrate(t.db, edited)).rejects.toMatchObject({ code: 'migration_changed' });
  });

  it('accepts a database migrated before checksums ignored comments (whole-file checksums, comments since reworded)', async () => {
    const t = await fresh();
    await migrate(t.db);
    // The files as they were then, for those whose comments were reworded since; the others are unchanged.
    const before = new URL('../fixtures/migrations-before-comment-rewording/', import.meta.url);
    for (const m of known) {
      const file = new URL(`${String(m.version).padStart(4, '0')}_${m.name}.sql`, before);
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : m.sql;
      await t.db.query('UPDATE botwatch_migrations SET checksum = $1 WHERE version = $2', [createHash('sha256').update(text).digest('hex'), m.version]);
    }
    expect(await migrate(t.db)).toEqual([]);
  });

  it('lets a comment be reworded after the migration was applied, but not a statement', async () => {
    const t = await fresh();
    await migrate(t.db);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-migrations-'));
    try {
      for (const m of known) fs.writeFileSync(path.join(dir, `${String(m.version).padStart(4, '0')}_${m.name}.sql`), m.sql);
      const first = known[0];
      if (first === undefined) throw new Error('no migrations');
      const file = path.join(dir, `${String(first.version).padStart(4, '0')}_${first.name}.sql`);
      fs.writeFileSync(file, `-- A reworded opening comment,\n--   now over two lines.\n${first.sql.replace(/;\s*$/, '; -- and a trailing one\n')}`);
      expect(await migrate(t.db, readMigrations(dir))).toEqual([]);
      fs.writeFileSync(file, first.sql.replace('CREATE TABLE api_keys', 'CREATE TABLE api_keyz'));
      await expect(migrate(t.db, readMigrations(dir))).rejects.toMatchObject({ code: 'migration_changed' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rolls back a failing migration completely', async () => {
    const t = await fresh();
    const broken = [...known, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT no_such_function();', checksum: 'b', legacyChecksums: [] }];
    await expect(migrate(t.db, broken)).rejects.toThrow(/migration \d+ \(broken\) failed/);
    // Only this test's schema: a shared server holds other suites' (and benchmarks') tables.
    const tables = await t.db.query(`SELECT 1 FROM pg_class WHERE relname IN ('half_done', 'botwatch_migrations', 'events') AND relnamespace = current_schema()::regnamespace`);
    expect(tables).toEqual([]);
  });

  it('accepts a missing number (reserved by a parallel branch) and refuses two files with one number', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-migrations-'));
    try {
      fs.writeFileSync(path.join(dir, '0001_first.sql'), 'SELECT 1;');
      fs.writeFileSync(path.join(dir, '0003_third.sql'), 'SELECT 3;');
      expect(readMigrations(dir).map((m) => m.version)).toEqual([1, 3]);
      fs.writeFileSync(path.join(dir, '0003_other.sql'), 'SELECT 3;');
      expect(() => readMigrations(dir)).toThrow(/share the number 0003/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
