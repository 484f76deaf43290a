import { parseArgs } from 'node:util';
import { DomainError } from '../errors.ts';
import { cutoffDate } from '../retention/retention-cutoff.ts';
import { planRetention, digestHistoryDays } from '../retention/retention-plan.ts';
import type { RetentionCounts } from '../retention/retention-plan.ts';
import { historyRetentionDays } from '../alerts/alert-history.ts';
import { readLastRun } from '../retention/retention-runs.ts';
import { runRetentionNow } from '../retention/run-retention.ts';
import type { CliContext } from './context.ts';

const n = (x: number) => x.toLocaleString('en-US');

/** `botwatch retention [--run]`: what is kept, what the next run deletes; `--run` deletes it now. */
export async function retentionCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { run: { type: 'boolean', default: false } } });
  if (positionals.length > 0) throw new DomainError('usage', 'usage: botwatch retention [--run]');
  const days = ctx.config.retentionDays;
  const db = await ctx.database();
  const now = new Date();
  const out = (line: string) => ctx.stdout.write(`${line}\n`);
  out(days === 0 ? 'events are kept forever (BOTWATCH_RETENTION_DAYS=0)' : `events are kept for ${n(days)} days (BOTWATCH_RETENTION_DAYS)`);
  out(`chart images and CSV exports until they expire; digest runs for ${digestHistoryDays} days; alert history for ${historyRetentionDays} days`);
  const last = await readLastRun(db);
  out(last === undefined ? 'no retention run yet' : `last run ${last.finishedAt.toISOString()}${last.cutoff ? `: data before ${cutoffDate(last.cutoff)} is no longer kept` : ''}`);
  if (values.run) {
    const done = await runRetentionNow(db, now, days);
    out(`deleted now: ${describe(done)}`);
    return 0;
  }
  out(`the next run (once a day, in botwatch serve) deletes: ${describe(await planRetention(db, now, days))}`);
  return 0;
}

function describe(c: RetentionCounts): string {
  const events = c.cutoff === undefined ? 'no event data' : `event partitions ${c.partitions.length === 0 ? '(none)' : c.partitions.join(', ')}, facts of ${n(c.conversations)} conversation${c.conversations === 1 ? "" : "s"} started before ${cutoffDate(c.cutoff)}, ${n(c.factRollups + c.stepRollups + c.llmGroupRollups + c.scoreRollups)} rollup rows, ${n(c.rasaSenders)} Rasa sender${c.rasaSenders === 1 ? '' : 's'} last seen before then`;
  return `${events}; ${n(c.expiredCharts)} expired chart images, ${n(c.expiredExports)} expired CSV exports, ${n(c.digestRuns)} digest runs, ${n(c.alertHistory)} alert history entries`;
}
