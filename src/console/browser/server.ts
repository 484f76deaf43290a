import type { ConsoleStatus, FeedChange, FeedEntry, Vocabulary } from '../feed-entry.ts';

/** A request to botwatch that did not succeed: its status and botwatch's own explanation. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: show the text as it is
    }
    throw new RequestError(response.status, message || response.statusText);
  }
  return JSON.parse(text) as T;
}

const post = <T>(path: string, body: unknown) => call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The console's server: commands, buttons, status, the words to complete, and the live feed. */
export const server = {
  ask: (text: string) => post<FeedChange>('/console/ask', { text }),
  press: (messageId: string, actionId: string, value: string) => post<FeedChange>('/console/action', { messageId, actionId, value }),
  status: () => call<ConsoleStatus>('/console/status'),
  vocabulary: () => call<Vocabulary>('/console/vocabulary'),
  /** Listens to the channel; the browser reconnects by itself, and the server resends what it keeps. */
  listen(onEntry: (entry: FeedEntry) => void, onState: (live: boolean) => void): EventSource {
    const source = new EventSource('/console/events');
    const read = (event: MessageEvent<string>) => onEntry(JSON.parse(event.data) as FeedEntry);
    source.addEventListener('entry', read);
    source.addEventListener('update', read);
    source.addEventListener('open', () => onState(true));
    source.addEventListener('error', () => onState(false));
    return source;
  },
};
