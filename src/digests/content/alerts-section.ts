import type { FiredAlertsSource } from '../../alerts/fired-alerts.ts';
import type { Logger } from '../../log.ts';
import { formatInstant } from '../../time/format-instant.ts';
import type { Interval } from '../../time/windows.ts';

const listed = 10;

/**
 * The alerts that fired in the period, as notes; nothing when no alerts module runs. If the
 * alerts cannot be read the digest still goes out, saying so (and the log has the cause).
 */
export async function alertNotes(source: FiredAlertsSource | undefined, bots: string[], period: Interval & { label: string }, timeZone: string, logger: Logger): Promise<string[]> {
  if (source === undefined) return [];
  try {
    const fired = (await source(bots, period)).sort((a, b) => a.firedAt.getTime() - b.firedAt.getTime());
    if (fired.length === 0) return [`Alerts: none fired in ${period.label}.`];
    const lines = fired.slice(0, listed).map((a) => `Alert: ${a.summary} — fired ${formatInstant(a.firedAt, timeZone)}, ${a.resolvedAt ? `recovered ${formatInstant(a.resolvedAt, timeZone)}` : 'still firing'}.`);
    if (fired.length > listed) lines.push(`…and ${fired.length - listed} more alerts (/botwatch alert history).`);
    return [`Alerts: ${fired.length} fired in ${period.label}.`, ...lines];
  } catch (error) {
    logger.error('could not read the alerts fired for a digest', { error });
    return ['Alerts: could not be read for this digest (the cause is in the botwatch log).'];
  }
}
