/**
 * Loads a generated benchmark dataset into a database of its own (created when missing), for
 * `npm run bench:prepare` and `npm run bench:growth`: with COPY by default (bench/copy-load.ts,
 * restartable), or through botwatch's own ingest path with `BENCH_LOAD=ingest` (`botwatch gen
 * --load`, as before: slower, and what to use when the load itself is to be watched).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadByCopy, type DatasetSpec } from './copy-load.ts';

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

/** Loads `spec` into the database at `url`; logs progress about once a minute. Returns seconds taken. */
export async function loadDataset(url: string, spec: DatasetSpec, method: LoadMethod = loadMethod()): Promise<number> {
  await createDatabaseIfMissing(url);
  const name = new URL(url).pathname.slice(1);
  if (method === 'copy') {
    let logged = 0;
    const result = await loadByCopy({ url }, spec, {
      onProgress: (p) => {
        if (p.seconds - logged < 60) return;
        logged = p.seconds;
        console.log(`${name}: ${p.conversations.toLocaleString('en-US')} of ${spec.conversations.toLocaleString('en-US')} conversations, ${Math.round(p.events / p.seconds).toLocaleString('en-US')} events/s`);
      },
    });
    console.log(`${name}: ${result.events.toLocaleString('en-US')} events copied in ${Math.round(result.seconds)} s (${Math.round(result.events / result.seconds).toLocaleString('en-US')} events/s, facts and rollups included, then VACUUM ANALYZE)`);
    return result.seconds;
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
