import type { Database } from '../src/db/database.ts';
import { createApiKey } from '../src/keys/api-keys.ts';
import { killHard, startChildServer } from '../test/helpers/child-server.ts';
import { openBenchSchema } from './bench-database.ts';

/** A botwatch server (child process) on a fresh schema of its own, with an ingest key that is never throttled. */
export interface BenchServer {
  url: string;
  key: string;
  /** The schema the server stores into, for checking what arrived. */
  db: Database;
}

/** Runs `use` against a fresh server and schema, then stops the server and drops the schema. */
export async function withBenchServer<T>(schema: string, use: (server: BenchServer) => Promise<T>): Promise<T> {
  const bench = await openBenchSchema(schema);
  const { key } = await createApiKey(bench.db, 'bench', { ratePerSecond: 10_000_000 });
  const server = await startChildServer({ DATABASE_URL: bench.url, BOTWATCH_DB_POOL_SIZE: '8' });
  try {
    return await use({ url: server.url, key, db: bench.db });
  } finally {
    await killHard(server.child);
    await bench.drop();
  }
}

/**
 * Posts every body to `server.url + path` from `clients` concurrent clients (each takes the next
 * body when its previous answer arrived); `check` sees each answer. Returns the seconds it took.
 */
export async function postConcurrently(
  server: BenchServer,
  path: string,
  bodies: (Uint8Array | string)[],
  options: { clients: number; contentType: string; check: (res: Response, batch: number) => Promise<void> },
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      for (let i = next++; i < bodies.length; i = next++) {
        const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${server.key}`, 'content-type': options.contentType }, body: bodies[i] });
        await options.check(res, i);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}
