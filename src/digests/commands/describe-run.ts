import { formatInstant } from '../../time/format-instant.ts';
import type { Delivery } from '../store/deliveries.ts';
import type { RunRecord } from '../store/runs.ts';
import { destinationLabel } from '../subscription.ts';

/** A run's state in a few words for `digest list` / `digest history`, times in the digest's zone. */
export function describeRun(run: RunRecord | undefined, deliveries: readonly Delivery[], timeZone: string): string {
  if (run === undefined) return 'not run yet';
  const at = (d: Date | null) => (d === null ? '' : formatInstant(d, timeZone));
  const slot = run.trigger === 'manual' ? 'sent by hand' : `the ${at(run.scheduledFor)} slot`;
  switch (run.state) {
    case 'delivered':
      return `delivered ${at(run.finishedAt)} (${slot}${lateness(run)})`;
    case 'failed':
      return `failed ${at(run.finishedAt)} (${slot}): ${deliveryProblems(deliveries) || run.detail || 'see the botwatch log'}`;
    case 'retrying': {
      const waiting = deliveries.filter((d) => d.state === 'pending');
      const attempts = waiting.map((d) => `${destinationLabel(d.destination)} attempt ${d.attempts + 1}${d.nextAttemptAt ? ` at ${at(d.nextAttemptAt)}` : ''} after "${d.reason ?? 'a failure'}"`);
      return `retrying (${slot}): ${attempts.join('; ') || run.detail || ''}`;
    }
    case 'running':
      return `posting now (${slot}, started ${at(run.startedAt)})`;
    case 'missed':
      return `missed ${slot}: ${run.detail ?? 'no replica was running'}`;
    case 'skipped':
      return `skipped ${slot}: ${run.detail ?? ''}`;
  }
}

function lateness(run: RunRecord): string {
  if (run.trigger !== 'schedule' || run.startedAt === null) return '';
  const lateMinutes = Math.round((run.startedAt.getTime() - run.scheduledFor.getTime()) / 60_000);
  return lateMinutes >= 2 ? `, posted ${lateMinutes} min late` : '';
}

function deliveryProblems(deliveries: readonly Delivery[]): string {
  return deliveries
    .filter((d) => d.state === 'failed' || d.state === 'gone')
    .map((d) => `${destinationLabel(d.destination)}: ${d.state === 'gone' ? 'botwatch can no longer post there' : 'not delivered'} (${d.reason ?? 'no reason given'}${d.attempts > 1 ? `, ${d.attempts} attempts` : ''})`)
    .join('; ');
}
