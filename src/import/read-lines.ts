import type { ReadProgress } from './source-record.ts';

/**
 * Splits a byte stream into lines (LF or CRLF) without holding more than one chunk and one
 * partial line in memory; pulling chunks with for-await gives natural backpressure.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>, progress?: ReadProgress): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      rest += chunk;
      if (progress) progress.bytesRead += Buffer.byteLength(chunk);
    } else {
      rest += decoder.decode(chunk, { stream: true });
      if (progress) progress.bytesRead += chunk.length;
    }
    let start = 0;
    for (let nl = rest.indexOf('\n', start); nl !== -1; nl = rest.indexOf('\n', start)) {
      const end = nl > start && rest.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield rest.slice(start, end);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
