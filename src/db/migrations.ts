import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { citusInstalled, migrateCitus } from './citus-migrations.ts';
import type { Database, Queryable } from './database.ts';
import { DomainError } from '../errors.ts';
import { sqlWithoutComments } from './sql-without-comments.ts';

/** One numbered SQL file from `migrations/`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** SHA-256 of the statements without their comments: a comment may be reworded, a statement not. */
  checksum: string;
  /**
   * Checksums an earlier botwatch recorded for this same migration: SHA-256 of the whole file,
   * comments included, as it is now and as it was before its comments were reworded.
   */
  legacyChecksums: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Whole-file checksums recorded by botwatch before checksums ignored comments, for the files whose
 * comments were reworded since (the statements are the same): databases migrated then still match.
 */
const rewordedFiles: Record<number, string> = {
  1: 'b788ca1ee6997b5c2398e3632bd5481810a69c59422737009e7e8e4e9eb9125a',
  2: '25af20508960188645796fc889b46fd31251fa0018b77c8104ff03ca9c34a4e2',
  3: 'e6d7b0df1fc46f4b1478c8d540f7b07d8926e8c879dbe76fd957ba1338c0f70b',
  7: '216f254a016b17b147a07bc87553f41cd42a5ace91c7d64a084892948091e40e',
  8: '63a0011aea479f97dac142890d31b189b15c504a3f64c88df2b3738145e21230',
};

const defaultDir = fileURLToPath(new URL('../../migrations/', import.meta.url));
/** Distribution DDL, applied only where the citus extension is installed (docs/operations.md#scaling). */
const citusDir = fileURLToPath(new URL('../../migrations/citus/', import.meta.url));
const fileName = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `migrations/citus/NNNN_name.sql` (the distribution DDL) in version order. */
export const readCitusMigrations = (): Migration[] => readMigrations(citusDir);

/** Reads `migrations/NNNN_name.sql` in version order. */
export function readMigrations(dir: string = defaultDir): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .map((file) => ({ file, match: fileName.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match }) => {
      const sql = fs.readFileSync(`${dir}/${file}`, 'utf8');
      const version = Number(match[1]);
      const reworded = rewordedFiles[version];
      return { version, name: match[2] ?? file, sql, checksum: sha256(sqlWithoutComments(sql)), legacyChecksums: [sha256(sql), ...(reworded === undefined ? [] : [reworded])] };
    })
    .sort((a, b) => a.version - b.version);
  // Numbers are handed out per branch before merging (one branch may own 0008 while 0006 and 0007 are
  // still on other branches), so a gap is allowed; a number used twice is not.
  migrations.forEach((m, i) => {
    const before = migrations[i - 1];
    if (before !== undefined && before.version === m.version) throw new Error(`migrations ${before.name} and ${m.name} share the number ${String(m.version).padStart(4, '0')}; renumber one`);
  });
  return migrations;
}

const ledger = `CREATE TABLE IF NOT EXISTS botwatch_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

interface LedgerRow {
  version: number;
  checksum: string;
}

async function appliedVersions(db: Queryable): Promise<LedgerRow[]> {
  const exists = await db.query<{ present: boolean }>(`SELECT to_regclass('botwatch_migrations') IS NOT NULL AS present`);
  if (exists[0]?.present !== true) return [];
  return db.query<LedgerRow>('SELECT version, checksum FROM botwatch_migrations ORDER BY version');
}

export interface SchemaStatus {
  applied: number;
  known: number;
  current: boolean;
}

function refuseNewer(appliedMax: number, knownMax: number): void {
  if (appliedMax > knownMax) {
    throw new DomainError(
      'schema_too_new',
      `the database schema is at version ${appliedMax} but this botwatch knows only up to ${knownMax}; upgrade botwatch before starting it against this database`,
    );
  }
}

/** Where the database's schema stands relative to this build. Throws if it is newer. */
export async function readSchemaStatus(db: Queryable, migrations: Migration[] = readMigrations()): Promise<SchemaStatus> {
  const rows = await appliedVersions(db);
  const applied = rows.at(-1)?.version ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  refuseNewer(applied, known);
  // Every known migration applied, not only the last: one numbered lower may arrive in a later merge.
  const done = new Set(rows.map((r) => r.version));
  return { applied, known, current: migrations.every((m) => done.has(m.version)) };
}

/**
 * Applies pending migrations in order, in one transaction under an advisory lock, recording each
 * in the ledger. Safe when several processes run it at once: the second waits for the lock, then
 * finds nothing left to do. Then, on a Citus coordinator, the pending `migrations/citus/` files.
 * Returns the versions of the main migrations it applied.
 */
export async function migrate(db: Database, migrations: Migration[] = readMigrations()): Promise<number[]> {
  const ran = await migrateMain(db, migrations);
  if (await citusInstalled(db)) await migrateCitus(db, readCitusMigrations());
  return ran;
}

function migrateMain(db: Database, migrations: Migration[]): Promise<number[]> {
  // No timeout: a migration may rebuild a large table, and a second process waits for the lock.
  return db.transaction(async (tx) => {
    // Lock before touching the ledger, so even its creation cannot race with another process migrating.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':botwatch-migrate'))`);
    await tx.exec(ledger);
    const applied = await appliedVersions(tx);
    refuseNewer(applied.at(-1)?.version ?? 0, migrations.at(-1)?.version ?? 0);
    const done = new Map(applied.map((r) => [r.version, r.checksum]));
    const ran: number[] = [];
    for (const m of migrations) {
      const checksum = done.get(m.version);
      if (checksum !== undefined) {
        if (checksum !== m.checksum && !m.legacyChecksums.includes(checksum)) {
          throw new DomainError('migration_changed', `migration ${m.version} (${m.name}) was edited after it was applied; migrations are append-only — add a new one instead`);
        }
        continue;
      }
      try {
        await tx.exec(m.sql);
      } catch (error) {
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
      }
      await tx.query('INSERT INTO botwatch_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      ran.push(m.version);
    }
    return ran;
  }, { timeoutMs: 0 });
}
