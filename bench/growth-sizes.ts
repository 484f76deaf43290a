/**
 * The datasets of `npm run bench:growth`: 0.25M, 1M and 4M conversations of the same shape as the
 * shared benchmark dataset (three bots, 30 days ending 2026-11-23, the project's generator), each
 * in a database of its own. The 1M point is the shared dataset itself (`npm run bench:prepare`).
 */
import fs from 'node:fs';
import pg from 'pg';
import { benchDataset, benchDatasetUrl } from './dataset.ts';
import { loadDataset } from './load-dataset.ts';

export interface GrowthSize {
  label: string;
  conversations: number;
  url: string;
}

const server = new URL(benchDatasetUrl);
const databaseUrl = (name: string) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();

export const growthSizes: GrowthSize[] = [
  { label: '0.25M', conversations: 250_000, url: process.env.BENCH_GROWTH_250K_URL ?? databaseUrl('botwatch_growth_250k') },
  { label: '1M', conversations: benchDataset.conversations, url: benchDatasetUrl },
  { label: '4M', conversations: 4_000_000, url: process.env.BENCH_GROWTH_4M_URL ?? databaseUrl('botwatch_growth_4m') },
];

/** Conversations the database at `url` holds (0 when it or its tables do not exist). */
export async function loadedConversations(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM conversation_facts');
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Free bytes where PostgreSQL keeps its data, when that directory is on this machine (the
 * benchmark's database normally is); undefined when it cannot be seen from here.
 */
export async function freeDiskBytes(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`);
    const dir = rows[0]?.setting;
    if (dir === undefined || !fs.existsSync(dir)) return undefined;
    const stats = fs.statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/** Loads `size` into the database created for it (bench/load-dataset.ts: COPY unless `BENCH_LOAD=ingest`). */
export async function loadGrowthSize(size: GrowthSize): Promise<void> {
  await loadDataset(size.url, { ...benchDataset, conversations: size.conversations });
}
