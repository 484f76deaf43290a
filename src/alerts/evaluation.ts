/** What one evaluation of a rule found. */
export type Evaluation =
  | {
      kind: 'measured';
      value: number;
      numerator: number | null;
      denominator: number | null;
      /** Conversations the value is based on (settled ones for fate-based rates). */
      sample: number | null;
      /** The alert condition holds. */
      breach: boolean;
      /** Past the recovery threshold: a firing rule clears. */
      clear: boolean;
      /** What the value is judged against, in words (anomaly rules: "usually 12–18 % on Tuesdays 10:00–11:00"). */
      note?: string;
    }
  | {
      /** Too few conversations, or nothing to measure: never an alert and never a 0 %. */
      kind: 'insufficient';
      reason: string;
      sample: number | null;
    };

/** Shares one cycle's queries between rules that ask the same (same filter and window, same bots). */
export class MeasureCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  /** Number of distinct loads (what the benchmark reports). */
  loads = 0;

  get<T>(key: unknown[], load: () => Promise<T>): Promise<T> {
    const k = JSON.stringify(key);
    let entry = this.entries.get(k) as Promise<T> | undefined;
    if (entry === undefined) {
      this.loads++;
      entry = load();
      this.entries.set(k, entry);
    }
    return entry;
  }
}
