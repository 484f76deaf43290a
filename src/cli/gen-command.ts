import fs from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { DomainError } from '../errors.ts';
import { defaultProfiles } from '../gen/bot-profiles.ts';
import { generateConversations } from '../gen/generate-events.ts';
import { parseIncident } from '../gen/incidents.ts';
import type { GenIncident } from '../gen/incidents.ts';
import { importRecords } from '../import/import-records.ts';
import { formatCounts } from '../import/progress-display.ts';
import type { SourceRecord } from '../import/source-record.ts';
import type { CliContext } from './context.ts';

/**
 * `botwatch gen`: realistic events for demos and benchmarks, as JSONL or straight into the
 * database; `--incident` (repeatable) plants hand-off spikes, volume drops, latency rises and drifts
 * to try anomaly alerts on.
 */
export async function genCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      conversations: { type: 'string' },
      days: { type: 'string', default: '30' },
      seed: { type: 'string', default: '1' },
      end: { type: 'string' },
      out: { type: 'string' },
      load: { type: 'boolean', default: false },
      incident: { type: 'string', multiple: true, default: [] },
    },
  });
  const conversations = wholeNumber('--conversations', values.conversations, 1);
  const days = wholeNumber('--days', values.days, 1);
  const seed = wholeNumber('--seed', values.seed, 0);
  const end = values.end === undefined ? new Date() : new Date(values.end);
  if (Number.isNaN(end.getTime())) throw new DomainError('usage', `--end: expected an ISO-8601 date, got ${JSON.stringify(values.end)}`);
  const endHour = Math.floor(end.getTime() / 3_600_000) * 3_600_000;
  const period = { start: new Date(endHour - days * 86_400_000), end: new Date(endHour) };
  const bots = defaultProfiles.map((p) => p.botId);
  let incidents: GenIncident[];
  try {
    incidents = values.incident.map((text) => parseIncident(text, { period, bots }));
  } catch (error) {
    throw new DomainError('usage', (error as Error).message);
  }
  const source = generateConversations({ conversations, days, end, seed, incidents });

  if (values.load) {
    const started = performance.now();
    const counts = await importRecords(await ctx.database(), records(source), { storeMessageText: false, batchSize: 5_000 });
    ctx.stdout.write(`${formatCounts(counts, (performance.now() - started) / 1000)}\n`);
    return counts.rejected > 0 ? 2 : 0;
  }
  const out = values.out === undefined || values.out === '-' ? ctx.stdout : fs.createWriteStream(values.out);
  for (const events of source) {
    if (!out.write(`${events.map((e) => JSON.stringify(e)).join('\n')}\n`)) await once(out, 'drain');
  }
  if (out !== ctx.stdout) await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
  return 0;
}

function* records(source: Iterable<Record<string, unknown>[]>): Generator<SourceRecord> {
  let n = 0;
  for (const events of source) for (const candidate of events) yield { position: `event ${++n}`, candidate };
}

function wholeNumber(flag: string, raw: string | undefined, min: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < min) throw new DomainError('usage', `${flag}: expected a whole number ≥ ${min}, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`);
  return value;
}
