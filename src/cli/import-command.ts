import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError } from '../errors.ts';
import { chooseFormat, importFormats } from '../import/formats.ts';
import type { ImportFormat, ReaderOptions } from '../import/formats.ts';
import { importRecords, StrictImportError } from '../import/import-records.ts';
import type { ImportCounts } from '../import/import-records.ts';
import { listImportFiles } from '../import/list-import-files.ts';
import { peekInput } from '../import/platform/peek-input.ts';
import { addCounts, createProgressDisplay, formatCounts, formatSkipped } from '../import/progress-display.ts';
import { ImportProgressRecorder } from '../monitoring/import-progress-recorder.ts';
import type { ReadProgress } from '../import/source-record.ts';
import type { CliContext } from './context.ts';

const maxShownRejections = 50;
const formatNames = importFormats.map((f) => f.name).join('|');

/** One thing to import: a file (with its name relative to the directory given) or stdin. */
interface ImportSource {
  file: string | undefined;
  label: string;
}

/**
 * `botwatch import <file|dir|-> [--format] [--bot] [--strict] [--handoff-actions a,b]`. Exit code:
 * 0 when everything was imported, 2 when records were rejected or files in a directory were not
 * imported, 1 on an error (or a `--strict` stop).
 */
export async function importCommand(args: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      bot: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'handoff-actions': { type: 'string' },
    },
  });
  const source = positionals[0];
  if (source === undefined || positionals.length > 1) throw new DomainError('usage', `usage: botwatch import <file|dir|-> [--format ${formatNames}] [--bot <id>] [--strict] [--handoff-actions <a,b>]`);
  if (values.format !== undefined) chooseFormat(values.format, '', undefined); // an unknown name fails before anything is read
  const readerOptions: ReaderOptions = {
    ...(values.bot === undefined ? {} : { botId: values.bot }),
    ...(values['handoff-actions'] === undefined ? {} : { handoffActions: values['handoff-actions'].split(',').map((s) => s.trim()).filter((s) => s !== '') }),
  };

  const { sources, totalBytes, directory } = resolveSources(source);
  const db = await ctx.database();
  const progress: ReadProgress = { bytesRead: 0 };
  const display = createProgressDisplay(ctx.stderr, totalBytes);
  const total: ImportCounts = { read: 0, accepted: 0, duplicate: 0, rejected: 0, skipped: 0, skippedBy: {} };
  // A running server shows the import's progress on /metrics (botwatch_import_*).
  // Labelled with the base name only: the directories above it may say more than /metrics should.
  const recorder = new ImportProgressRecorder(db, ctx.logger, source === '-' ? 'stdin' : path.basename(path.resolve(source)), totalBytes);
  let shown = 0;
  let imported = 0;
  let left = 0;
  const say = (stream: NodeJS.WriteStream, line: string) => {
    display.clear();
    stream.write(`${line}\n`);
  };

  for (const { file, label } of sources) {
    const stream = file === undefined ? undefined : fs.createReadStream(file);
    const input = await peekInput(stream ?? (ctx.stdin as AsyncIterable<Buffer>));
    const format = pickFormat(values.format, input.head, file === undefined ? undefined : path.basename(file), directory, readerOptions);
    if (typeof format === 'string') {
      stream?.destroy(); // a folder may hold many files left out: do not wait for GC to close them
      say(ctx.stderr, `${label}: not imported (${format})`);
      left++;
      continue;
    }
    if (imported++ === 0) await recorder.start();
    const started = performance.now();
    const report = (position: string, message: string) => {
      shown++;
      if (shown > maxShownRejections) return;
      say(ctx.stderr, `${directory ? `${label} ` : ''}${position}: ${message}${shown === maxShownRejections ? ' (further rejections are counted, not shown)' : ''}`);
    };
    try {
      const counts = await importRecords(db, format.read(input.input, progress, readerOptions), {
        storeMessageText: ctx.config.storeMessageText,
        retentionDays: ctx.config.retentionDays,
        strict: values.strict,
        onRejected: report,
        onProgress: (c) => {
          const all = sum(total, c);
          display.update(all, progress.bytesRead);
          recorder.update(all, progress.bytesRead);
        },
      });
      addCounts(total, counts);
      if (directory) say(ctx.stdout, `${label} (${format.name}): ${formatCounts(counts, (performance.now() - started) / 1000)}`);
    } catch (error) {
      if (!(error instanceof StrictImportError)) {
        await recorder.finish('failed');
        throw error;
      }
      addCounts(total, error.counts);
      await recorder.finish('failed', total, progress.bytesRead);
      say(ctx.stderr, `${directory ? `${label} ` : ''}${error.position}: ${error.problem}`);
      say(ctx.stdout, `${formatCounts(total, display.seconds())}; stopped at ${directory ? `${label} ` : ''}${error.position} (--strict); everything before it was kept`);
      return 1;
    }
  }
  if (directory && imported === 0) throw new DomainError('nothing_to_import', `no importable files in ${source}`);
  await recorder.finish('done', total, progress.bytesRead);
  const notImported = left > 0 ? `; ${left} ${left === 1 ? 'file' : 'files'} not imported` : '';
  say(ctx.stdout, `${directory ? `${imported} ${imported === 1 ? 'file' : 'files'}: ` : ''}${formatCounts(total, display.seconds())}${notImported}`);
  for (const line of formatSkipped(total)) ctx.stdout.write(`${line}\n`);
  return total.rejected > 0 || left > 0 ? 2 : 0;
}

/** `-` is stdin; a directory is every file under it; anything else one file. */
function resolveSources(source: string): { sources: ImportSource[]; totalBytes: number | undefined; directory: boolean } {
  if (source === '-') return { sources: [{ file: undefined, label: 'stdin' }], totalBytes: undefined, directory: false };
  const stat = fs.statSync(source, { throwIfNoEntry: false });
  if (stat === undefined) throw new DomainError('no_such_file', `no such file: ${source}`);
  if (stat.isDirectory()) {
    const files = listImportFiles(source);
    if (files.length === 0) throw new DomainError('nothing_to_import', `no files in ${source}`);
    const totalBytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
    return { sources: files.map((file) => ({ file, label: path.relative(source, file) })), totalBytes, directory: true };
  }
  if (!stat.isFile()) throw new DomainError('not_a_file', `${source} is not a file`);
  return { sources: [{ file: source, label: source }], totalBytes: stat.size, directory: false };
}

/**
 * The format of one source. For a single file an unrecognised format is an error; in a directory
 * it is reported and the file left out (so is a file that does not look like the `--format` given).
 */
function pickFormat(name: string | undefined, head: string, fileName: string | undefined, inDirectory: boolean, options: ReaderOptions): ImportFormat | string {
  try {
    const format = chooseFormat(name, head, fileName);
    if (inDirectory && name !== undefined && !format.detect(head, fileName)) return `does not look like ${name}`;
    if (format.needsBot === true && options.botId === undefined) throw new DomainError('bot_required', `${format.name} files do not name the bot; say which with --bot <id>`);
    return format;
  } catch (error) {
    if (inDirectory && error instanceof DomainError) return error.message;
    throw error;
  }
}

/** The running total plus the current file's counts, for the progress bar. */
function sum(total: ImportCounts, current: ImportCounts): ImportCounts {
  const both: ImportCounts = { ...total, skippedBy: {} };
  addCounts(both, current);
  return both;
}
