/** A clock a test moves by hand (each replica may run its own, skewed). */
export class TestClock {
  private t: number;
  constructor(start: string | Date) {
    this.t = new Date(start).getTime();
  }
  readonly now = (): Date => new Date(this.t);
  set(at: string | Date): void {
    this.t = new Date(at).getTime();
  }
  /** Moves on by `ms`; returns the new time. */
  advance(ms: number): Date {
    this.t += ms;
    return this.now();
  }
  advanceMinutes(minutes: number): Date {
    return this.advance(minutes * 60_000);
  }
}
