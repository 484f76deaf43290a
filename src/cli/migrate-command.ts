import { migrate, readMigrations } from '../db/migrations.ts';
import { openDatabase } from '../db/open-database.ts';
import type { CliContext } from './context.ts';

/** `botwatch migrate`: applies pending migrations and reports what it did. */
export async function migrateCommand(_args: string[], ctx: CliContext): Promise<number> {
  const db = await openDatabase(ctx.config, ctx.logger);
  try {
    const applied = await migrate(db);
    const latest = readMigrations().at(-1)?.version ?? 0;
    ctx.stdout.write(applied.length === 0 ? `schema is current (version ${latest})\n` : `applied migrations ${applied.join(', ')}; schema at version ${latest}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
