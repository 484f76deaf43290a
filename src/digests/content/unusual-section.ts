import { findUnusual } from '../../anomaly/find-unusual.ts';
import type { Queryable } from '../../db/database.ts';
import type { Logger } from '../../log.ts';
import type { Interval } from '../../time/windows.ts';

const listed = 5;

/**
 * The digest's "What's unusual" section: the period's rates, volumes and reply times that are outside the band
 * of what is usual at that time of the week (the computation `/botwatch anomalies` runs), as notes.
 * If it cannot be computed the digest still goes out, saying so (and the log has the cause).
 */
export async function unusualNotes(db: Queryable, bots: readonly string[], period: Interval, options: { timeZone: string; now: Date; idleMinutes: number; logger: Logger }): Promise<string[]> {
  try {
    const findings = await findUnusual({ db, bots, window: period, timeZone: options.timeZone, now: options.now, idleMinutes: options.idleMinutes });
    if (findings.unusual.length === 0) {
      return [`What's unusual: nothing unusual${findings.learning.length > 0 ? ` (still learning: ${findings.learning.join(', ')})` : ''}.`];
    }
    const lines = findings.unusual.slice(0, listed).map((u) => `Unusual: ${u.sentence}.`);
    if (findings.unusual.length > listed) lines.push(`…and ${findings.unusual.length - listed} more (/botwatch anomalies).`);
    return [`What's unusual: ${findings.unusual.length} ${findings.unusual.length === 1 ? 'rate, volume or reply time is' : 'rates, volumes and reply times are'} outside the usual band for the time of the week.`, ...lines];
  } catch (error) {
    options.logger.error('could not compute what is unusual for a digest', { error });
    return ["What's unusual: could not be computed for this digest (the cause is in the botwatch log)."];
  }
}
