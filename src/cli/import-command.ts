import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError } from '../errors.ts';
import { chooseFormat } from '../import/formats.ts';
import { importRecords, StrictImportError } from '../import/import-records.ts';
import { createProgressDisplay, formatCounts } from '../import/progress-display.ts';
import type { ReadProgress } from '../import/source-record.ts';
import type { CliContext } from './context.ts';

const maxShownRejections = 50;

/** `botwatch import <file|-> [--format] [--bot] [--strict]`. */
export async function importCommand(args: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, bot: { type: 'string' }, strict: { type: 'boolean', default: false } },
  });
  const source = positionals[0];
  if (source === undefined || positionals.length > 1) throw new DomainError('usage', 'usage: botwatch import <file|-> [--format jsonl|csv] [--bot <id>] [--strict]');

  const fromStdin = source === '-';
  let size: number | undefined;
  if (!fromStdin) {
    const stat = fs.statSync(source, { throwIfNoEntry: false });
    if (stat === undefined) throw new DomainError('no_such_file', `no such file: ${source}`);
    if (!stat.isFile()) throw new DomainError('not_a_file', `${source} is not a file`);
    size = stat.size;
  }
  const input = await withHead(fromStdin ? ctx.stdin : fs.createReadStream(source));
  const format = chooseFormat(values.format, input.head, fromStdin ? undefined : path.basename(source));

  const db = await ctx.database();
  const progress: ReadProgress = { bytesRead: 0 };
  const display = createProgressDisplay(ctx.stderr, size);
  let shown = 0;
  const report = (position: string, message: string) => {
    shown++;
    if (shown > maxShownRejections) return;
    display.clear();
    ctx.stderr.write(`${position}: ${message}${shown === maxShownRejections ? ' (further rejections are counted, not shown)' : ''}\n`);
  };
  try {
    const counts = await importRecords(db, format.read(input.stream, progress, values.bot === undefined ? {} : { botId: values.bot }), {
      storeMessageText: ctx.config.storeMessageText,
      strict: values.strict,
      onRejected: report,
      onProgress: (c) => display.update(c, progress.bytesRead),
    });
    display.clear();
    ctx.stdout.write(`${formatCounts(counts, display.seconds())}\n`);
    return counts.rejected > 0 ? 2 : 0;
  } catch (error) {
    display.clear();
    if (error instanceof StrictImportError) {
      ctx.stderr.write(`${error.position}: ${error.problem}\n`);
      ctx.stdout.write(`${formatCounts(error.counts, display.seconds())}; stopped at ${error.position} (--strict); everything before it was kept\n`);
      return 1;
    }
    throw error;
  }
}

/** Reads the first chunk (for format detection) and gives back a stream that still starts at byte 0. */
async function withHead(stream: NodeJS.ReadableStream): Promise<{ head: string; stream: AsyncIterable<Buffer> }> {
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const first = await iterator.next();
  const firstChunk = first.done === true ? undefined : typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  const head = firstChunk?.subarray(0, 8192).toString('utf8') ?? '';
  return {
    head,
    stream: (async function* () {
      if (firstChunk !== undefined) yield firstChunk;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      }
    })(),
  };
}
