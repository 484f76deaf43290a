/** One server-sent event as received. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Reads a server-sent event stream over fetch, for tests: `next(match)` resolves with the first
 * event (already received or still to come) that matches, or rejects after `timeoutMs`.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers });
  if (!response.ok || response.body === null) throw new Error(`event stream answered ${response.status}`);
  const received: ServerSentEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  const decoder = new TextDecoder();
  const pump = (async () => {
    const reader = response.body!.getReader();
    for (;;) {
      const chunk = (await reader.read()) as { done: true; value?: undefined } | { done: false; value: Uint8Array };
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) received.push({ event, data });
      }
      for (const wake of waiters) wake();
    }
  })().catch(() => undefined); // aborted by close()

  return {
    received,
    contentType: response.headers.get('content-type'),
    async next(match: (e: ServerSentEvent) => boolean, timeoutMs = 10_000): Promise<ServerSentEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; received: ${received.map((e) => `${e.event} ${e.data.slice(0, 80)}`).join(' | ')}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 200);
        });
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
