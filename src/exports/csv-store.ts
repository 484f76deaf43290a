import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';

/** How long a CSV link works: as long as the chart links in the same message. */
export const csvLifetimeMs = 30 * 24 * 3_600_000;

/** Keeps an exported table so any replica can serve it; returns its id. Expired exports are removed on the way. */
export async function storeExportedCsv(db: Queryable, csv: string, fileName: string, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(12).toString('base64url');
  const expiresAt = new Date(now.getTime() + csvLifetimeMs);
  await db.query('INSERT INTO exported_tables (id, csv, file_name, expires_at) VALUES ($1, $2, $3, $4)', [id, csv, fileName, expiresAt]);
  await db.query('DELETE FROM exported_tables WHERE id IN (SELECT id FROM exported_tables WHERE expires_at < $1 LIMIT 100)', [now]);
  return { id, expiresAt };
}

export async function loadExportedCsv(db: Queryable, id: string): Promise<{ csv: string; fileName: string } | undefined> {
  const [row] = await db.query<{ csv: string; file_name: string }>('SELECT csv, file_name FROM exported_tables WHERE id = $1', [id]);
  return row === undefined ? undefined : { csv: row.csv, fileName: row.file_name };
}
