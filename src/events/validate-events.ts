import { checkEvent } from './contract.ts';
import type { FieldProblem } from './contract.ts';
import { toEventRow } from './event-row.ts';
import type { EventRow } from './event-row.ts';

/** A rejected event: its position in the batch (0-based) and what is wrong with which field. */
export interface Rejection extends FieldProblem {
  index: number;
}

export interface ValidationOptions {
  storeMessageText: boolean;
  /** The clock, so "too far in the future" is testable. */
  now?: Date;
  /** Events older than this many days are refused (they would be dropped at once); 0 or absent: kept forever. */
  retentionDays?: number;
}

/** Events more than this far ahead of the clock are refused (they are clock errors, not data). */
export const maxFutureMs = 24 * 60 * 60 * 1000;
export const earliest = Date.UTC(2000, 0, 1);
const dayMs = 24 * 60 * 60 * 1000;

/** Checks one candidate and maps it to a row, or says what is wrong. */
export function validateEvent(candidate: unknown, options: ValidationOptions): { row: EventRow } | { problem: FieldProblem } {
  const checked = checkEvent(candidate);
  if (!checked.ok) return { problem: checked.problem };
  const at = Date.parse(checked.event.timestamp);
  const now = (options.now ?? new Date()).getTime();
  if (at > now + maxFutureMs) return { problem: { path: 'timestamp', message: 'is more than 24 hours in the future; check the sender’s clock' } };
  if (at < earliest) return { problem: { path: 'timestamp', message: 'is before 2000-01-01' } };
  const days = options.retentionDays ?? 0;
  if (days > 0 && at < now - days * dayMs) {
    return { problem: { path: 'timestamp', message: `is older than the ${days} days this deployment keeps events (BOTWATCH_RETENTION_DAYS)` } };
  }
  return toEventRow(checked.event, options);
}

/** Validates a batch: valid events become rows; each invalid one is reported with its index and path. */
export function validateEvents(candidates: readonly unknown[], options: ValidationOptions): { rows: EventRow[]; rejected: Rejection[] } {
  const rows: EventRow[] = [];
  const rejected: Rejection[] = [];
  candidates.forEach((candidate, index) => {
    const result = validateEvent(candidate, options);
    if ('row' in result) rows.push(result.row);
    else rejected.push({ index, ...result.problem });
  });
  return { rows, rejected };
}

/** `events[3].timestamp: expected …` — the form the API reports problems in. */
export function describeRejection(r: Rejection, container = 'events'): string {
  return `${container}[${r.index}]${r.path ? `.${r.path}` : ''}: ${r.message}`;
}
