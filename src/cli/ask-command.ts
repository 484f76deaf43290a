import { parseArgs } from 'node:util';
import { writeChartPng } from '../charts/write-chart-png.ts';
import { createAlertsModule } from '../alerts/alerts-module.ts';
import { createServices } from '../app/create-services.ts';
import type { ModuleFactory } from '../app/module.ts';
import { createDigestsModule } from '../digests/digests-module.ts';
import { DomainError } from '../errors.ts';
import { replyCsv } from '../replies/export-csv.ts';
import { renderText } from '../replies/render-text.ts';
import type { Reply } from '../replies/reply.ts';
import { isValidTimeZone } from '../time/time-zone.ts';
import type { CliContext } from './context.ts';

/** `botwatch ask "<command>" [--json | --csv] [--out chart.png] [--tz <zone>] [--now <ISO>]`: a command answered in the terminal. */
export async function askCommand(args: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, csv: { type: 'boolean', default: false }, out: { type: 'string' }, tz: { type: 'string' }, now: { type: 'string' } },
  });
  if (positionals.length === 0) throw new DomainError('usage', 'usage: botwatch ask "<command>" [--json | --csv] [--out chart.png] [--tz <zone>] [--now <ISO instant>]   e.g. botwatch ask "summary support-bot 7d"');
  if (values.csv && values.json) throw new DomainError('usage', '--csv and --json: choose one');
  if (values.tz !== undefined && !isValidTimeZone(values.tz)) throw new DomainError('usage', `--tz: unknown time zone "${values.tz}"; use an IANA name such as Europe/Berlin`);
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now !== undefined && Number.isNaN(now.getTime())) throw new DomainError('usage', `--now: expected an ISO-8601 instant, got "${values.now}"`);
  const db = await ctx.database();
  // The digest and alert commands answer here too (lists, history, previews); they are not started,
  // so nothing is scheduled or evaluated by `ask`.
  const config = values.tz === undefined ? ctx.config : { ...ctx.config, timeZone: values.tz };
  const registry = createServices(config, db, ctx.logger, { now: () => now ?? new Date() });
  for (const factory of [createDigestsModule, createAlertsModule] as ModuleFactory[]) Object.assign(registry.runners, (await factory(registry.services))?.runners ?? {});
  const reply = await registry.services.answer(positionals.join(' '));
  if (values.csv) {
    if (!writeCsv(reply, ctx)) return 1;
  } else ctx.stdout.write(values.json ? `${JSON.stringify(reply, null, 2)}\n` : renderText(reply, { color: ctx.stdout.isTTY }));
  if (values.out !== undefined) {
    if (reply.chart === undefined) {
      ctx.stderr.write(`no chart written: this reply has none${reply.kind === 'error' ? '' : ' (nothing to plot in this window)'}\n`);
      return 1;
    }
    const chart = await writeChartPng(reply.chart, values.out);
    ctx.stderr.write(`wrote ${values.out} (${chart.width}×${chart.height}): ${chart.altText}\n`);
  }
  return reply.kind === 'error' ? 1 : 0;
}

/** `--csv`: the reply's table (or its figures) as CSV on stdout; a reply with neither says so on stderr. */
function writeCsv(reply: Reply, ctx: CliContext): boolean {
  const csv = replyCsv(reply);
  if (csv === undefined) {
    ctx.stderr.write(reply.kind === 'error' ? renderText(reply, { color: false }) : 'no CSV written: this reply has no table or figures\n');
    return false;
  }
  ctx.stdout.write(csv);
  return true;
}
