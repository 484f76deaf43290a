import type { FeedEntry } from './feed-entry.ts';

/** What a connected browser is told: a new message, or a new revision of one. */
export type FeedEvent = { type: 'entry'; entry: FeedEntry } | { type: 'update'; entry: FeedEntry };

/**
 * The local channel: recent messages (so a reload shows them) and the browsers listening for new
 * ones. In memory: the console is one person's window onto one process.
 */
export class ConsoleFeed {
  private readonly entries: FeedEntry[] = [];
  private readonly listeners = new Set<(event: FeedEvent) => void>();
  private sequence = 0;

  constructor(
    private readonly now: () => Date,
    private readonly capacity = 200,
  ) {}

  /** Adds a message and tells every listener. */
  post(entry: Omit<FeedEntry, 'id' | 'revision' | 'at'>): FeedEntry {
    const posted: FeedEntry = { id: `m${++this.sequence}`, revision: 1, at: this.now().toISOString(), ...entry };
    this.entries.push(posted);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    this.emit({ type: 'entry', entry: posted });
    return posted;
  }

  /** Replaces a message's content (keeping its id and place); undefined when it is no longer kept. */
  replace(id: string, change: Partial<Pick<FeedEntry, 'reply' | 'chart' | 'chartError'>>): FeedEntry | undefined {
    const index = this.entries.findIndex((e) => e.id === id);
    const current = this.entries[index];
    if (current === undefined) return undefined;
    const { chart: _chart, chartError: _chartError, ...rest } = current;
    const updated: FeedEntry = { ...rest, ...change, revision: current.revision + 1 };
    this.entries[index] = updated;
    this.emit({ type: 'update', entry: updated });
    return updated;
  }

  find(id: string): FeedEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** The kept messages, oldest first. */
  history(): readonly FeedEntry[] {
    return [...this.entries];
  }

  /** Calls `listener` for every later event; returns the function that stops it. */
  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: FeedEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
