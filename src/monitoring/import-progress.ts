import { z } from 'zod';
import type { Queryable } from '../db/database.ts';

/**
 * The progress of the latest `botwatch import`, kept in `botwatch_settings` under `import_progress`
 * so that a running server — which the import may not even go through (a real PostgreSQL) — can
 * show it on `/metrics`. One row: a later import replaces it.
 */
export interface ImportProgress {
  state: 'running' | 'done' | 'failed';
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

const settingKey = 'import_progress';

const stored = z.object({
  state: z.enum(['running', 'done', 'failed']),
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

/** Records `progress` as the latest import's. */
export async function writeImportProgress(db: Queryable, progress: ImportProgress): Promise<void> {
  const value = JSON.stringify({ ...progress, startedAt: progress.startedAt.toISOString(), updatedAt: progress.updatedAt.toISOString() });
  await db.query('INSERT INTO botwatch_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [settingKey, value]);
}

/** The latest import's progress, or undefined when this database never saw an import. */
export async function readImportProgress(db: Pick<Queryable, 'query'>): Promise<ImportProgress | undefined> {
  const [row] = await db.query<{ value: string }>('SELECT value FROM botwatch_settings WHERE key = $1', [settingKey]);
  if (row === undefined) return undefined;
  const parsed = stored.safeParse(JSON.parse(row.value));
  if (!parsed.success) throw new Error(`botwatch_settings.${settingKey} holds something unexpected: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const { startedAt, updatedAt, totalBytes, ...counts } = parsed.data;
  return { ...counts, startedAt: new Date(startedAt), updatedAt: new Date(updatedAt), ...(totalBytes === undefined ? {} : { totalBytes }) };
}
