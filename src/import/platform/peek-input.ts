/**
 * Reads the first chunk of a stream so a reader can look at how the document starts (JSON or
 * CSV?), and gives back a stream that still starts at byte 0.
 */
export async function peekInput(input: AsyncIterable<Buffer | string>): Promise<{ head: string; input: AsyncIterable<Buffer> }> {
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  const firstChunk = first.done === true ? undefined : typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  return {
    head: firstChunk?.subarray(0, 8192).toString('utf8') ?? '',
    input: (async function* () {
      if (firstChunk !== undefined) yield firstChunk;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      }
    })(),
  };
}
