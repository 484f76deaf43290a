import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { TimeWindow } from '../time/windows.ts';

/** What running a command needs: the database, the clock and the deployment's defaults. */
export interface CommandContext {
  /** Where answers read from: the read replica when one is configured (commands that change things use the primary they were built with). */
  db: Database;
  now: () => Date;
  /** Deployment default IANA zone (BOTWATCH_TZ). */
  timeZone: string;
  idleMinutes: number;
  logger: Logger;
  /** Told each window a command resolves (answers check it against the data retention keeps). */
  onWindow?: (window: TimeWindow) => void;
}
