import type { Queryable } from '../db/database.ts';
import { demoBotIds } from '../demo/demo-plan.ts';
import { readDemoState } from '../demo/demo-state.ts';
import type { ConsoleStatus } from './feed-entry.ts';

/** What the console's banner shows: whether the data is generated demo data, and how far it has loaded. */
export async function consoleStatus(db: Queryable): Promise<ConsoleStatus> {
  const state = await readDemoState(db);
  if (state === undefined || state.status === 'removed') return { demo: null };
  return { demo: { status: state.status, days: state.days, loadedDays: state.loadedDays, seed: state.seed, bots: [...demoBotIds], loadedAt: state.anchor.toISOString() } };
}
