/**
 * The serving process's own use of its embedded database, counted while PGlite runs it (not while
 * a caller waits: a caller that gave up on a call still leaves the call to run). Its statements go
 * first: a command-line client starts its next exchange once the server has left the database
 * alone for a moment, so an import through the socket waits for the console's questions rather
 * than the other way round — but never longer than `maxWaitMs`, so a busy server cannot starve it.
 */
export class OwnActivity {
  private running = 0;
  private lastDone = 0;

  /** Runs one of the server's own statements or transactions, counted until it has finished. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.lastDone = performance.now();
    }
  }

  /** Resolves once nothing of the server's own has run for `quietMs`, or after `maxWaitMs` at most. */
  async quiet(quietMs = 20, maxWaitMs = 5_000): Promise<void> {
    const deadline = performance.now() + maxWaitMs;
    for (;;) {
      const now = performance.now();
      const wait = Math.min(this.running > 0 ? quietMs : this.lastDone + quietMs - now, deadline - now);
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
