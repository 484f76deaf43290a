import { loadConfig, secretValues } from '../config.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';
import { openDatabase } from '../db/open-database.ts';
import { createLogger } from '../log.ts';
import type { Logger } from '../log.ts';

/** What a subcommand gets: configuration, a logger, and the database on demand. */
export interface CliContext {
  config: Config;
  logger: Logger;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** Opens the database (migrated to this build's schema) once; closed when the command ends. */
  database(): Promise<Database>;
  close(): Promise<void>;
}

export function createCliContext(env: NodeJS.ProcessEnv = process.env): CliContext {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, secrets: secretValues(env) });
  let db: Promise<Database> | undefined;
  return {
    config,
    logger,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    database() {
      db ??= openDatabase(config, logger).then(async (opened) => {
        try {
          await migrate(opened);
        } catch (error) {
          await opened.close();
          throw error;
        }
        return opened;
      });
      return db;
    },
    async close() {
      if (db !== undefined) await (await db.catch(() => undefined))?.close();
    },
  };
}
