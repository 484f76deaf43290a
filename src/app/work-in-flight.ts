/** One piece of work botwatch is doing for someone (a command being answered). */
export interface WorkItem {
  id: string;
  what: string;
  runningMs: number;
}

/**
 * The commands and button presses being answered now: shutdown waits for them, and names those
 * it had to abandon when its time ran out.
 */
export class WorkInFlight {
  private readonly items = new Map<string, { what: string; started: number; done: Promise<unknown> }>();

  /** Runs `work`, listed under `id` until it settles. */
  track<T>(id: string, what: string, work: () => Promise<T>): Promise<T> {
    const done = work();
    this.items.set(id, { what, started: performance.now(), done });
    const forget = () => this.items.delete(id);
    done.then(forget, forget);
    return done;
  }

  list(): WorkItem[] {
    const now = performance.now();
    return [...this.items].map(([id, item]) => ({ id, what: item.what, runningMs: Math.round(now - item.started) }));
  }

  /** Resolves once everything listed now has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.items.values()].map((i) => i.done));
  }
}
