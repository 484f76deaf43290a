import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import type { DemoPlan } from './demo-plan.ts';

/**
 * The demo data set's label and progress, kept in `botwatch_settings` under `demo_data`: its
 * presence is what says "this database holds demo data" (the console shows a banner, the log a
 * line), and `removed` stops it from being loaded again.
 */
export interface DemoState {
  status: 'loading' | 'ready' | 'removed';
  seed: number;
  anchor: Date;
  days: number;
  perDay: number;
  /** Whole days of history stored so far, newest first. */
  loadedDays: number;
  /** Counts once loaded. */
  conversations?: number;
  events?: number;
}

const settingKey = 'demo_data';

const stored = z.object({
  status: z.enum(['loading', 'ready', 'removed']),
  seed: z.number().int(),
  anchor: z.iso.datetime(),
  days: z.number().int().positive(),
  perDay: z.number().int().positive(),
  loadedDays: z.number().int().min(0),
  conversations: z.number().int().optional(),
  events: z.number().int().optional(),
});

const serialise = (state: DemoState) => JSON.stringify({ ...state, anchor: state.anchor.toISOString() });

/** The demo's state, or undefined when this database never had demo data. */
export async function readDemoState(db: Queryable): Promise<DemoState | undefined> {
  const [row] = await db.query<{ value: string }>('SELECT value FROM botwatch_settings WHERE key = $1', [settingKey]);
  if (row === undefined) return undefined;
  const parsed = stored.safeParse(JSON.parse(row.value));
  if (!parsed.success) throw new Error(`botwatch_settings.${settingKey} holds something unexpected: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return { ...parsed.data, anchor: new Date(parsed.data.anchor) };
}

/**
 * Marks the database as holding demo data being loaded for `plan`, only if it never had any
 * (one statement, so two starts cannot both load it). True when this call claimed it.
 */
export async function claimDemo(db: Queryable, plan: DemoPlan): Promise<boolean> {
  const state: DemoState = { status: 'loading', ...plan, loadedDays: 0 };
  const rows = await db.query('INSERT INTO botwatch_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key', [settingKey, serialise(state)]);
  return rows.length > 0;
}

/** Records the demo's state (progress, completion, removal). */
export async function writeDemoState(db: Queryable, state: DemoState): Promise<void> {
  await db.query(
    `INSERT INTO botwatch_settings (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [settingKey, serialise(state)],
  );
}

/** The plan a state was generated from. */
export function planOf(state: DemoState): DemoPlan {
  return { seed: state.seed, anchor: state.anchor, days: state.days, perDay: state.perDay };
}
