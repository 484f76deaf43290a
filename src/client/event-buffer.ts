/**
 * A first-in, first-out queue of at most `capacity` items: adding to a full queue drops the oldest
 * item and returns it, so memory stays bounded whatever the sender's state. A packed array with a
 * moving head, compacted now and then (a preallocated ring of a large capacity would be a sparse,
 * slow array in V8).
 */
export class EventBuffer<T> {
  private items: T[] = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds an item; returns the item dropped to make room, if the queue was full. */
  push(item: T): T | undefined {
    this.items.push(item);
    if (this.length <= this.capacity) return undefined;
    const dropped = this.items[this.head];
    this.head++;
    this.compact();
    return dropped;
  }

  /** Removes and returns up to `count` items from the front. */
  take(count: number): T[] {
    const out = this.items.slice(this.head, this.head + count);
    this.head += out.length;
    this.compact();
    return out;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
