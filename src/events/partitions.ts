import type { Database, Queryable } from '../db/database.ts';

/** `202611` for any instant in November 2026 (UTC): the month an event's partition covers. */
export function monthKey(isoOrDate: string | Date): string {
  const d = typeof isoOrDate === 'string' ? new Date(isoOrDate) : isoOrDate;
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthStart(key: string, offset = 0): string {
  const year = Number(key.slice(0, 4));
  const month = Number(key.slice(4, 6)) - 1 + offset;
  return new Date(Date.UTC(year, month, 1)).toISOString();
}

const known = new WeakMap<Queryable, Set<string>>();

async function listPartitions(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass`,
  );
  return new Set(rows.map((r) => r.name.replace(/^events_/, '')));
}

/** How many monthly partitions one ingest request may create (the API's bound; imports create what they need). */
export const maxNewPartitionsPerRequest = 3;

/**
 * Makes sure a monthly partition of `events` exists for every month in `months`, creating at most
 * `maxNew` (in the order the months come); returns the months left without one. Runs outside the
 * ingest transaction (creating a partition locks the parent table) and remembers what exists.
 * Creating is idempotent: two replicas creating the same month at once is fine (the loser's error
 * is ignored), and a month created before a batch that then fails stays, empty, for the retry.
 */
export async function ensureEventPartitions(db: Database, months: Iterable<string>, maxNew = Number.POSITIVE_INFINITY): Promise<Set<string>> {
  let have = known.get(db);
  const wanted = [...new Set(months)];
  const missing = new Set<string>();
  if (have !== undefined && wanted.every((m) => have?.has(m))) return missing;
  have = await listPartitions(db);
  known.set(db, have);
  let created = 0;
  for (const month of wanted) {
    if (have.has(month)) continue;
    if (!/^\d{6}$/.test(month)) throw new Error(`bad partition month ${month}`);
    if (created >= maxNew) {
      missing.add(month);
      continue;
    }
    try {
      await db.exec(
        `CREATE TABLE IF NOT EXISTS events_${month} PARTITION OF events FOR VALUES FROM ('${monthStart(month)}') TO ('${monthStart(month, 1)}')`,
      );
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '42P07' && code !== '23505') throw error; // already created by another process
    }
    created++;
    have.add(month);
  }
  return missing;
}

/**
 * Retention: drops whole monthly partitions that end before `cutoff`. Conversation facts are
 * kept, so metrics over old windows still answer. Returns the months dropped.
 */
export async function dropEventPartitionsBefore(db: Database, cutoff: Date): Promise<string[]> {
  const dropped = await listEventPartitionsBefore(db, cutoff);
  for (const month of dropped) await db.exec(`DROP TABLE IF EXISTS events_${month}`);
  known.delete(db);
  return dropped;
}

/** The months (`202510`) whose partitions end at or before `cutoff`, oldest first. */
export async function listEventPartitionsBefore(db: Queryable, cutoff: Date): Promise<string[]> {
  return [...(await listPartitions(db))].sort().filter((month) => new Date(monthStart(month, 1)) <= cutoff);
}
