import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { DomainError } from '../errors.ts';

/** An ingest API key as listed (never the key itself: only its hash is stored). */
export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  ratePerSecond: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const keyName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Makes a new key for a source. The returned `key` is shown once and cannot be recovered. */
export async function createApiKey(db: Queryable, name: string, options: { ratePerSecond?: number } = {}): Promise<{ name: string; key: string }> {
  if (!keyName.test(name)) {
    throw new DomainError('bad_key_name', `key name ${JSON.stringify(name)} is not allowed: use 1–64 letters, digits, ".", "_" or "-"`);
  }
  const key = `bw_${randomBytes(24).toString('base64url')}`;
  try {
    await db.query('INSERT INTO api_keys (name, key_hash, key_prefix, rate_per_second) VALUES ($1, $2, $3, $4)', [
      name,
      hashApiKey(key),
      key.slice(0, 9),
      options.ratePerSecond ?? null,
    ]);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new DomainError('key_exists', `an active key named ${JSON.stringify(name)} already exists; revoke it first or choose another name`, { cause: error });
    }
    throw error;
  }
  return { name, key };
}

export async function listApiKeys(db: Queryable): Promise<ApiKeyInfo[]> {
  return db.query<ApiKeyInfo>(
    `SELECT id, name, key_prefix AS prefix, rate_per_second AS "ratePerSecond", created_at AS "createdAt",
            last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
     FROM api_keys ORDER BY revoked_at IS NOT NULL, name, id`,
  );
}

/** Revokes the active key with this name; false when there is none. */
export async function revokeApiKey(db: Queryable, name: string): Promise<boolean> {
  const rows = await db.query('UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING id', [name]);
  return rows.length > 0;
}

/** The active key matching `key`, if any. */
export async function findActiveApiKey(db: Queryable, key: string): Promise<{ id: number; name: string; ratePerSecond: number | null } | undefined> {
  const rows = await db.query<{ id: number; name: string; ratePerSecond: number | null }>(
    `SELECT id, name, rate_per_second AS "ratePerSecond" FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hashApiKey(key)],
  );
  return rows[0];
}

/** Records that a key was used (callers throttle this; it is informational). */
export async function markApiKeyUsed(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id]);
}
