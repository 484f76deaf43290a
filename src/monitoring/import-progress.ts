import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';

/**
 * The progress of one `botwatch import`, kept in `botwatch_settings` under `import_progress:<id>`
 * so that a running server — which the import may not even go through (a real PostgreSQL) — can
 * show it on `/metrics`. Each import has its own row, so imports running side by side do not
 * overwrite each other; finished rows other than the latest are deleted as imports start and end.
 */
export interface ImportProgress {
  state: 'running' | 'done' | 'failed';
  /** What is imported, as shown on `/metrics`: the file's or folder's base name, or `stdin`. */
  source: string;
  startedAt: Date;
  updatedAt: Date;
  /** Records read, and what became of them. */
  read: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  skipped: number;
  bytesRead: number;
  /** Size of the input; absent when reading stdin. */
  totalBytes?: number;
}

/** One import's progress and the id it is recorded under. */
export interface RecordedImport extends ImportProgress {
  id: string;
}

const keyPrefix = 'import_progress:';
/** The single row an older botwatch kept for the latest import; read as one more import. */
const legacyKey = 'import_progress';
const legacyId = 'legacy';

/** An import that has recorded nothing for this long was stopped without saying so (killed). */
export const staleImportAfterMs = 5 * 60_000;

const stored = z.object({
  state: z.enum(['running', 'done', 'failed']),
  source: z.string().default('unknown'), // rows written by an older botwatch do not name it
  startedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  read: z.number().int().min(0),
  accepted: z.number().int().min(0),
  duplicate: z.number().int().min(0),
  rejected: z.number().int().min(0),
  skipped: z.number().int().min(0),
  bytesRead: z.number().int().min(0),
  totalBytes: z.number().int().min(0).optional(),
});

/** A new import's id: short, random, so imports started at once from different shells differ. */
export function newImportId(): string {
  return randomBytes(4).toString('hex');
}

/** Records `progress` as import `id`'s. */
export async function writeImportProgress(db: Queryable, id: string, progress: ImportProgress): Promise<void> {
  const value = JSON.stringify({ ...progress, startedAt: progress.startedAt.toISOString(), updatedAt: progress.updatedAt.toISOString() });
  await db.query('INSERT INTO botwatch_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [keyPrefix + id, value]);
}

/** Every import recorded in this database (running, finished or killed), in no particular order. */
export async function readImportProgress(db: Pick<Queryable, 'query'>): Promise<RecordedImport[]> {
  const rows = await db.query<{ key: string; value: string }>('SELECT key, value FROM botwatch_settings WHERE key = $1 OR starts_with(key, $2)', [legacyKey, keyPrefix]);
  return rows.map(({ key, value }) => {
    const parsed = stored.safeParse(JSON.parse(value));
    if (!parsed.success) throw new Error(`botwatch_settings.${key} holds something unexpected: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const { startedAt, updatedAt, totalBytes, ...rest } = parsed.data;
    const id = key === legacyKey ? legacyId : key.slice(keyPrefix.length);
    return { id, ...rest, startedAt: new Date(startedAt), updatedAt: new Date(updatedAt), ...(totalBytes === undefined ? {} : { totalBytes }) };
  });
}

/** Whether `p` is running now: not finished, and not silent for `staleImportAfterMs` (killed). */
export function isImportRunning(p: ImportProgress, now = Date.now()): boolean {
  return p.state === 'running' && now - p.updatedAt.getTime() < staleImportAfterMs;
}

/** The imports `/metrics` shows: every one running now, and the one that ended last. */
export function importsToShow(all: RecordedImport[], now = Date.now()): RecordedImport[] {
  const ended = all.filter((p) => !isImportRunning(p, now));
  const latest = ended.reduce<RecordedImport | undefined>((a, b) => (a === undefined || b.updatedAt > a.updatedAt ? b : a), undefined);
  return all.filter((p) => isImportRunning(p, now) || p === latest);
}

/**
 * Deletes the records of imports that ended (finished, failed or killed) other than the one that
 * ended last, so the table holds at most the running imports and one more.
 */
export async function deleteEndedImportProgress(db: Queryable): Promise<void> {
  const all = await readImportProgress(db);
  const kept = new Set(importsToShow(all));
  const keys = all.filter((p) => !kept.has(p)).map((p) => (p.id === legacyId ? legacyKey : keyPrefix + p.id));
  if (keys.length > 0) await db.query('DELETE FROM botwatch_settings WHERE key = ANY($1::text[])', [keys]);
}
