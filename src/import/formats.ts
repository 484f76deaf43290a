import { DomainError } from '../errors.ts';
import { looksLikeBotFrameworkTranscript, readBotFramework } from './botframework/read-botframework.ts';
import { looksLikeCopilotStudioTranscripts, readCopilotStudio } from './copilot-studio/read-copilot-studio.ts';
import { looksLikeRasa, readRasa } from './rasa/read-rasa.ts';
import { readCsv } from './read-csv.ts';
import { readJsonl } from './read-jsonl.ts';
import type { ReadProgress, SourceRecord } from './source-record.ts';

/** Options every format reader gets from `botwatch import`. */
export interface ReaderOptions {
  /** `--bot`: the bot id to use (platform formats) or to fill in where missing (contract formats). */
  botId?: string;
  /** `--handoff-actions`: Rasa action names that mean a hand-off (default: names containing handoff or human). */
  handoffActions?: readonly string[];
}

/** An import format: how to read it, and how to recognise it from the start of a file. */
export interface ImportFormat {
  name: string;
  description: string;
  read(input: AsyncIterable<Buffer | string>, progress: ReadProgress, options: ReaderOptions): AsyncIterable<SourceRecord>;
  /** True when `head` (the first few KB, as text) is unmistakably this format. */
  detect(head: string, fileName: string | undefined): boolean;
  /** The format names no bot, so `--bot` is required (Rasa trackers). */
  needsBot?: boolean;
}

const fillBot = (records: AsyncIterable<SourceRecord>, botId: string | undefined): AsyncIterable<SourceRecord> => {
  if (botId === undefined) return records;
  return (async function* () {
    for await (const r of records) {
      if ('candidate' in r && typeof r.candidate === 'object' && r.candidate !== null && !('botId' in r.candidate)) {
        yield { position: r.position, candidate: { ...r.candidate, botId } };
      } else yield r;
    }
  })();
};

export const importFormats: ImportFormat[] = [
  {
    name: 'jsonl',
    description: 'contract events, one JSON object per line (docs/events.md)',
    read: (input, progress, options) => fillBot(readJsonl(input, progress), options.botId),
    detect: (head, fileName) => /\.(jsonl|ndjson)$/i.test(fileName ?? '') || /^\s*\{[^\n]*"type"\s*:\s*"[a-z.]+"[^\n]*\}\s*(\n|$)/.test(head),
  },
  {
    name: 'csv',
    description: 'contract events as CSV with a header row of field names',
    read: (input, progress, options) => fillBot(readCsv(input, progress), options.botId),
    detect: (head, fileName) => /\.csv$/i.test(fileName ?? '') || /^\ufeff?[A-Za-z,"]*\btimestamp\b[A-Za-z,"]*\r?\n/.test(head),
  },
  {
    name: 'botframework',
    description: 'Bot Framework .transcript: a JSON array of activities (transcript loggers, Emulator)',
    read: (input, progress, options) => readBotFramework(input, progress, options),
    detect: (head, fileName) => looksLikeBotFrameworkTranscript(head, fileName) && !looksLikeCopilotStudioTranscripts(head),
  },
  {
    name: 'copilot-studio',
    description: 'Copilot Studio / Power Virtual Agents ConversationTranscript rows (Dataverse export, JSON or CSV)',
    read: (input, progress, options) => readCopilotStudio(input, progress, options),
    detect: (head) => looksLikeCopilotStudioTranscripts(head),
  },
  {
    name: 'rasa',
    description: 'Rasa tracker store: a tracker JSON, or one event per line as `rasa export` writes',
    read: (input, progress, options) => readRasa(input, progress, options),
    detect: (head) => looksLikeRasa(head),
    needsBot: true,
  },
];

/**
 * Finds a format by name, or by looking at the file when no name is given: first by content alone
 * (so a Copilot Studio export named `transcripts.csv` is not taken for contract CSV), then by
 * content and file name together; only an unambiguous answer is taken.
 */
export function chooseFormat(name: string | undefined, head: string, fileName: string | undefined): ImportFormat {
  if (name !== undefined) {
    const format = importFormats.find((f) => f.name === name);
    if (format === undefined) throw new DomainError('unknown_format', `unknown format "${name}"; expected one of ${importFormats.map((f) => f.name).join(', ')}`);
    return format;
  }
  const byContent = importFormats.filter((f) => f.detect(head, undefined));
  if (byContent.length === 1 && byContent[0] !== undefined) return byContent[0];
  const matches = byContent.length > 1 ? byContent : importFormats.filter((f) => f.detect(head, fileName));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  const which = matches.length === 0 ? 'could not recognise the format' : `the content could be ${matches.map((f) => f.name).join(' or ')}`;
  throw new DomainError('unknown_format', `${which}; say which with --format ${importFormats.map((f) => f.name).join('|')}`);
}
