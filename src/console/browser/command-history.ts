/** Where the history is kept (localStorage in the page, a Map in tests). */
export interface HistoryStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * Commands typed before, newest last, kept across reloads; ↑ and ↓ walk through them like a
 * shell's history, and coming back down past the newest restores what was being typed.
 */
export class CommandHistory {
  private readonly entries: string[];
  private position: number;
  private draft = '';

  constructor(
    private readonly store: HistoryStore,
    private readonly key = 'botwatch.console.history',
    private readonly limit = 100,
  ) {
    this.entries = read(store, key);
    this.position = this.entries.length;
  }

  /** Remembers a command that was sent (not twice in a row) and starts the walk afresh. */
  add(command: string): void {
    const text = command.trim();
    if (text !== '' && this.entries[this.entries.length - 1] !== text) this.entries.push(text);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    try {
      this.store.setItem(this.key, JSON.stringify(this.entries));
    } catch {
      // Storage full or disabled (private windows): the history lasts for this page only.
    }
    this.position = this.entries.length;
    this.draft = '';
  }

  /** The command before the one shown (↑); undefined at the oldest. */
  previous(current: string): string | undefined {
    if (this.position === 0) return undefined;
    if (this.position === this.entries.length) this.draft = current;
    this.position--;
    return this.entries[this.position];
  }

  /** The command after the one shown (↓), or the draft past the newest; undefined when not walking. */
  next(): string | undefined {
    if (this.position >= this.entries.length) return undefined;
    this.position++;
    return this.position === this.entries.length ? this.draft : this.entries[this.position];
  }
}

function read(store: HistoryStore, key: string): string[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return []; // a damaged entry is no history
  }
}
