import { readLines } from './read-lines.ts';
import type { ReadProgress, SourceRecord } from './source-record.ts';

/** JSON Lines in the contract's shape: one event object per line; blank lines are skipped. */
export async function* readJsonl(input: AsyncIterable<Buffer | string>, progress?: ReadProgress): AsyncGenerator<SourceRecord> {
  let lineNumber = 0;
  for await (const line of readLines(input, progress)) {
    lineNumber++;
    if (line.trim() === '') continue;
    const position = `line ${lineNumber}`;
    try {
      yield { position, candidate: JSON.parse(line) };
    } catch (error) {
      yield { position, problem: `not valid JSON (${(error as Error).message})` };
    }
  }
}
