import { parseArgs } from 'node:util';
import { DomainError } from '../errors.ts';
import { defaultDemoPlan, demoBotIds } from '../demo/demo-plan.ts';
import type { DemoState } from '../demo/demo-state.ts';
import { readDemoState, writeDemoState } from '../demo/demo-state.ts';
import { loadDemoMonth } from '../demo/load-demo-month.ts';
import { removeDemoData } from '../demo/remove-demo-data.ts';
import type { CliContext } from './context.ts';

const usage = 'usage: botwatch demo [--reset [--days 30] [--per-day 1000] [--seed 1]] [--remove]';
const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');

/**
 * `botwatch demo`: says what demo data the embedded database holds; `--reset` deletes it and loads
 * a fresh generated month ending now; `--remove` deletes it for good (serve will not load it again).
 * Refuses when DATABASE_URL is set: generated data never goes into a real database.
 */
export async function demoCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      reset: { type: 'boolean', default: false },
      remove: { type: 'boolean', default: false },
      days: { type: 'string', default: String(defaultDemoPlan.days) },
      'per-day': { type: 'string', default: String(defaultDemoPlan.perDay) },
      seed: { type: 'string', default: String(defaultDemoPlan.seed) },
    },
  });
  if (positionals.length > 0 || (values.reset && values.remove)) throw new DomainError('usage', usage);
  if (ctx.config.databaseUrl !== undefined) {
    throw new DomainError('real_database', 'demo data goes only into the embedded database, and DATABASE_URL is set: nothing was changed (unset DATABASE_URL to use the embedded one)');
  }
  const plan = {
    days: wholeNumber('--days', values.days, 1, 366),
    perDay: wholeNumber('--per-day', values['per-day'], 1, 100_000),
    seed: wholeNumber('--seed', values.seed, 0, 0xffff_ffff),
  };
  const db = await ctx.database();
  if ((values.reset || values.remove) && db.servedByAnotherProcess === true) {
    // Its demo module keeps adding live events from what it loaded: changing them under it would mix the two.
    throw new DomainError('demo_served', 'botwatch serve is running on this embedded database and feeds its demo data: stop it before botwatch demo --reset or --remove; nothing was changed');
  }

  if (values.remove) {
    const deleted = await removeDemoData(db);
    const state = await readDemoState(db);
    await writeDemoState(db, { ...(state ?? { ...defaultDemoPlan, anchor: new Date(), loadedDays: 0 }), status: 'removed' });
    ctx.stdout.write(`demo data removed: ${n(deleted)} events of ${demoBotIds.join(', ')}; botwatch serve will not load it again (botwatch demo --reset brings it back)\n`);
    return 0;
  }
  if (values.reset) {
    const started = performance.now();
    const deleted = await removeDemoData(db);
    if (deleted > 0) ctx.stdout.write(`removed the previous demo data (${n(deleted)} events)\n`);
    const fresh: DemoState = { status: 'loading', ...plan, anchor: new Date(), loadedDays: 0 };
    await writeDemoState(db, fresh);
    const onDay = ctx.stderr.isTTY ? (s: DemoState) => ctx.stderr.write(`\rloading demo data: day ${s.loadedDays} of ${s.days}…`) : undefined;
    const done = await loadDemoMonth(db, fresh, onDay ? { onDay } : {});
    if (onDay) ctx.stderr.write('\n');
    ctx.stdout.write(`${describe(done)}; loaded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  }
  const state = await readDemoState(db);
  ctx.stdout.write(state === undefined ? 'no demo data in this database (botwatch demo --reset loads it)\n' : `${describe(state)}\n`);
  return 0;
}

function describe(state: DemoState): string {
  const what = `${state.days} ${state.days === 1 ? 'day' : 'days'} of generated traffic for ${demoBotIds.join(', ')} up to ${state.anchor.toISOString()} (seed ${state.seed}, ${n(state.perDay)} conversations a day)`;
  switch (state.status) {
    case 'ready':
      return `demo data: ${what}: ${n(state.conversations)} conversations, ${n(state.events)} events, live events added while botwatch serve runs`;
    case 'loading':
      return `demo data: ${what}: ${state.loadedDays} of ${state.days} days loaded so far (botwatch serve finishes loading it)`;
    case 'removed':
      return 'demo data was removed from this database (botwatch demo --reset loads it again)';
  }
}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new DomainError('usage', `${flag}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}
