import type { Deliverers } from '../chat/deliver.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';

/** What the alert commands, buttons and evaluator share (taken from BotwatchServices). */
export interface AlertsContext {
  db: Database;
  deliverers: Deliverers;
  logger: Logger;
  now: () => Date;
  /** Deployment zone (BOTWATCH_TZ): times in notifications and chart axes. */
  timeZone: string;
  idleMinutes: number;
  /** Silence period of silence rules made without `for:` (ALERT_SILENCE_MINUTES). */
  silenceSeconds: number;
  intervalSeconds: number;
}
