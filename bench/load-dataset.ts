/**
 * Loads a generated benchmark dataset into a database of its own (created when missing), for
 * `npm run bench:prepare` and `npm run bench:growth`: with COPY by default (bench/copy-load.ts,
 * restartable; `BENCH_LOAD_PARTS=2` loads two halves side by side), or through botwatch's own ingest path with `BENCH_LOAD=ingest` (`botwatch gen
 * --load`, as before: slower, and what to use when the load itself is to be watched).
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../src/db/migrations.ts';
import { openPgDatabase } from '../src/db/pg-database.ts';
import { silentLogger } from '../src/log.ts';
import type { DatasetSpec } from './copy-load.ts';

export type LoadMethod = 'copy' | 'ingest';

/** The method `BENCH_LOAD` asks for (default copy); anything else is refused by name. */
export function loadMethod(value = process.env.BENCH_LOAD): LoadMethod {
  if (value === undefined || value === '' || value === 'copy') return 'copy';
  if (value === 'ingest') return 'ingest';
  throw new Error(`BENCH_LOAD: expected copy or ingest, got ${JSON.stringify(value)}`);
}

export async function createDatabaseIfMissing(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (!exists) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
  } finally {
    await admin.end();
  }
}

/** Loads `spec` into the database at `url`; parts log progress about once a minute. Returns seconds taken. */
export async function loadDataset(url: string, spec: DatasetSpec, method: LoadMethod = loadMethod()): Promise<number> {
  await createDatabaseIfMissing(url);
  const name = new URL(url).pathname.slice(1);
  if (method === 'copy') {
    // Parts load side by side in processes of their own (generation is single-threaded JavaScript).
    const parts = Number(process.env.BENCH_LOAD_PARTS ?? 1);
    if (!Number.isInteger(parts) || parts < 1 || parts > 8) throw new Error(`BENCH_LOAD_PARTS: expected a whole number from 1 to 8, got ${JSON.stringify(process.env.BENCH_LOAD_PARTS)}`);
    const started = performance.now();
    const script = fileURLToPath(new URL('./copy-load-part.ts', import.meta.url));
    const runs = Array.from({ length: parts }, (_p, index) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [...process.execArgv, script, url, JSON.stringify(spec), String(index), String(parts)], { stdio: 'inherit' });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`loading part ${index + 1} of ${parts} into ${name} exited with ${code}`))));
      }),
    );
    await Promise.all(runs);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${name}: loaded in ${Math.round(seconds)} s (facts and rollups included, then VACUUM ANALYZE)`);
    return seconds;
  }
  const started = performance.now();
  const bin = fileURLToPath(new URL('../bin/botwatch.js', import.meta.url));
  const env = { ...process.env, DATABASE_URL: url };
  for (const args of [['migrate'], ['gen', '--conversations', String(spec.conversations), '--days', String(spec.days), '--end', spec.end, '--seed', String(spec.seed), '--load']]) {
    const run = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', env });
    if (run.status !== 0) throw new Error(`botwatch ${args[0]} into ${name} exited with ${run.status}`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('VACUUM ANALYZE');
  await client.end();
  return (performance.now() - started) / 1000;
}

/**
 * Brings a loaded dataset's schema up to date (a migration may backfill new columns from the
 * events: minutes on millions of conversations), then VACUUM ANALYZE if anything was applied.
 */
export async function migrateDataset(url: string): Promise<number[]> {
  const db = openPgDatabase({ connectionString: url, statementTimeoutMs: 0, logger: silentLogger });
  let applied: number[];
  try {
    applied = await migrate(db);
  } finally {
    await db.close();
  }
  if (applied.length > 0) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('VACUUM ANALYZE');
    await client.end();
    console.log(`${new URL(url).pathname.slice(1)}: applied migrations ${applied.join(', ')}`);
  }
  return applied;
}
