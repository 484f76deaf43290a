import type { Database } from '../db/database.ts';
import type { DemoState } from './demo-state.ts';
import { planOf, writeDemoState } from './demo-state.ts';
import { DemoTraffic } from './demo-traffic.ts';
import { storeDemoEvents } from './store-demo-events.ts';

const dayMs = 24 * 3_600_000;

export interface LoadOptions {
  /** Called after each day is stored, with the state written for it. */
  onDay?: (state: DemoState) => void;
  /** Stops between days (shutdown); the state says how far it got, and a later load resumes there. */
  signal?: AbortSignal;
  /** Events per transaction (see {@link storeDemoEvents}). */
  batchSize?: number;
}

/**
 * Stores the demo's history — every event up to the anchor of the conversations started in the
 * `days` before it (up to and including the anchor's millisecond) — newest day first, so recent windows are complete within seconds while the
 * rest loads. Resumes after `state.loadedDays` (a day stored twice is harmless: ingest skips
 * events it already has). Returns the final state (`ready`, with counts), or the state so far
 * when stopped by `signal`.
 */
export async function loadDemoMonth(db: Database, state: DemoState, options: LoadOptions = {}): Promise<DemoState> {
  const traffic = new DemoTraffic(planOf(state));
  const anchor = state.anchor.getTime();
  let current = state;
  for (let day = state.loadedDays; day < state.days; day++) {
    if (options.signal?.aborted === true) return current;
    const counts = await storeDemoEvents(db, traffic.events({ startedFrom: anchor - (day + 1) * dayMs + 1, startedBefore: anchor - day * dayMs + 1, after: Number.NEGATIVE_INFINITY, through: anchor }), {
      now: state.anchor,
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    });
    current = { ...current, loadedDays: day + 1, conversations: (current.conversations ?? 0) + counts.conversations, events: (current.events ?? 0) + counts.events };
    if (day + 1 === state.days) current = { ...current, status: 'ready' };
    await writeDemoState(db, current);
    options.onDay?.(current);
  }
  if (current.status !== 'ready') {
    current = { ...current, status: 'ready' };
    await writeDemoState(db, current);
  }
  return current;
}
