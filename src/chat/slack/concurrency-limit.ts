/**
 * Runs at most `limit` tasks at once; the others wait their turn, in order. Answering a command
 * is CPU-bound (query results, chart layout on the event loop, rasterising in the thread pool):
 * past a few at once they only slow each other down, and every extra one in flight queues more
 * work ahead of the next request's acknowledgement.
 */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
