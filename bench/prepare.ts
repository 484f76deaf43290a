/**
 * `npm run bench:prepare` — loads the benchmark dataset (1,000,000 conversations, ~12.5M events,
 * 30 days, three bots) into its own database through botwatch's own ingest path, unless it is
 * there already. Takes about ten minutes on a 2-core machine.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchDataset, benchDatasetUrl } from './dataset.ts';

const url = new URL(benchDatasetUrl);
const name = url.pathname.slice(1);
const admin = new pg.Client({ connectionString: Object.assign(new URL(benchDatasetUrl), { pathname: '/postgres' }).toString() });
await admin.connect();
const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
if (!exists) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
await admin.end();

const db = new pg.Client({ connectionString: benchDatasetUrl });
await db.connect();
const have = await db.query<{ n: string }>(`SELECT count(*) AS n FROM conversation_facts`).then((r) => Number(r.rows[0]?.n ?? 0), () => 0);
await db.end();
if (have >= benchDataset.conversations * 0.99) {
  console.log(`${name} already holds ${have.toLocaleString('en-US')} conversations`);
} else {
  console.log(`loading ${benchDataset.conversations.toLocaleString('en-US')} conversations into ${name}…`);
  const bin = fileURLToPath(new URL('../bin/botwatch.js', import.meta.url));
  const args = ['gen', '--conversations', String(benchDataset.conversations), '--days', String(benchDataset.days), '--end', benchDataset.end, '--seed', String(benchDataset.seed), '--load'];
  const run = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', env: { ...process.env, DATABASE_URL: benchDatasetUrl } });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const c = new pg.Client({ connectionString: benchDatasetUrl });
  await c.connect();
  await c.query('VACUUM ANALYZE');
  await c.end();
}
