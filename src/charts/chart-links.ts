import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/database.ts';

/**
 * Signed, expiring chart URLs: `/charts/<id>.png?exp=<unix s>&sig=<hmac>`. The signature covers
 * id and expiry, so a link can be neither forged nor extended.
 */
export function signChartPath(id: string, expiresAt: Date, secret: string): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `/charts/${id}.png?exp=${exp}&sig=${signature(id, exp, secret)}`;
}

/** Checks a chart link: `ok`, or why not (`expired`, `bad-signature`). */
export function checkChartLink(id: string, exp: string | null, sig: string | null, secret: string, now = new Date()): 'ok' | 'expired' | 'bad-signature' {
  const seconds = Number(exp);
  if (exp === null || sig === null || !Number.isInteger(seconds)) return 'bad-signature';
  const expected = Buffer.from(signature(id, seconds, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-signature';
  return seconds * 1000 < now.getTime() ? 'expired' : 'ok';
}

/**
 * Signed, expiring CSV export URLs: `/exports/<id>.csv?exp=<unix s>&sig=<hmac>`, with the chart
 * links' key over `csv:<id>` (chart ids hold no colon), so neither kind of link opens the other.
 */
export function signCsvPath(id: string, expiresAt: Date, secret: string): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `/exports/${id}.csv?exp=${exp}&sig=${signature(`csv:${id}`, exp, secret)}`;
}

/** Checks a CSV export link: `ok`, or why not (`expired`, `bad-signature`). */
export function checkCsvLink(id: string, exp: string | null, sig: string | null, secret: string, now = new Date()): 'ok' | 'expired' | 'bad-signature' {
  return checkChartLink(`csv:${id}`, exp, sig, secret, now);
}

function signature(id: string, exp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${id}.${exp}`).digest('base64url');
}

/**
 * The signing key: CHART_URL_SECRET when set, else one botwatch makes once and keeps in the
 * database, so every replica agrees without configuration.
 */
export async function chartSigningKey(db: Queryable, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  await db.query(`INSERT INTO botwatch_settings (key, value) VALUES ('chart_url_secret', $1) ON CONFLICT (key) DO NOTHING`, [randomBytes(32).toString('base64url')]);
  const [row] = await db.query<{ value: string }>(`SELECT value FROM botwatch_settings WHERE key = 'chart_url_secret'`);
  if (row === undefined) throw new Error('could not create the chart signing key');
  return row.value;
}
