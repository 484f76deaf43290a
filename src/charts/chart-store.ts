import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';

/** How long a chart link works (Teams and the console load the image when the message is shown). */
export const chartLifetimeMs = 30 * 24 * 3_600_000;

/** Keeps a rendered chart so any replica can serve it; returns its id. Expired charts are removed on the way. */
export async function storeChartImage(db: Queryable, png: Buffer, altText: string, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(12).toString('base64url');
  const expiresAt = new Date(now.getTime() + chartLifetimeMs);
  await db.query('INSERT INTO chart_images (id, png, alt_text, expires_at) VALUES ($1, $2, $3, $4)', [id, png, altText, expiresAt]);
  await db.query('DELETE FROM chart_images WHERE id IN (SELECT id FROM chart_images WHERE expires_at < $1 LIMIT 100)', [now]);
  return { id, expiresAt };
}

export async function loadChartImage(db: Queryable, id: string): Promise<{ png: Buffer; altText: string } | undefined> {
  const [row] = await db.query<{ png: Uint8Array; alt_text: string }>('SELECT png, alt_text FROM chart_images WHERE id = $1', [id]);
  return row === undefined ? undefined : { png: Buffer.from(row.png), altText: row.alt_text };
}
