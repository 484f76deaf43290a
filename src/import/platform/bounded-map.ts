/**
 * A Map that forgets its least recently used entries beyond `limit`. Readers keep per-conversation
 * state (the last user message, the bot id) in one, so a file with millions of conversations still
 * imports in flat memory: transcripts are written in time order, so a conversation whose state was
 * forgotten has long ended.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    private readonly limit: number,
    /** Called with an entry as it is forgotten (a reader may still owe output for it). */
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Whether `key` is held (without making it recently used). */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Sets `key` to `value` (the most recently used entry), forgetting the oldest beyond the limit. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.evictBeyondLimit();
  }

  /** The entry for `key`, made with `create` when there is none. */
  getOrCreate(key: K, create: () => V): V {
    const found = this.get(key);
    if (found !== undefined) return found;
    const value = create();
    this.entries.set(key, value);
    this.evictBeyondLimit();
    return value;
  }

  private evictBeyondLimit(): void {
    if (this.entries.size <= this.limit) return;
    const oldest = this.entries.entries().next();
    if (oldest.done !== true) {
      this.entries.delete(oldest.value[0]);
      this.onEvict?.(oldest.value[0], oldest.value[1]);
    }
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  get size(): number {
    return this.entries.size;
  }
}
