import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTestDatabase, testDatabaseUrl } from './test-database.ts';
import type { TestDatabase } from './test-database.ts';

/**
 * Environment for running the CLI or a child server against a database of the test's own: a
 * fresh schema on the real server, or a fresh embedded data folder.
 */
export async function cliDatabaseEnv(): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  if (testDatabaseUrl !== undefined) {
    const t: TestDatabase = await openTestDatabase({ migrated: false });
    const url = new URL(testDatabaseUrl);
    url.searchParams.set('options', `-c search_path=${t.schema}`);
    return { env: { DATABASE_URL: url.toString() }, close: () => t.close() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-cli-'));
  return { env: { BOTWATCH_DATA_DIR: dir }, close: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })) };
}
