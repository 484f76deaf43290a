/**
 * How long the fuzz suites run: a few seconds under `npm test`, as long as you like with
 * `BOTWATCH_FUZZ_RUNS` (`npm run test:fuzz` sets 2,000). Seeded, so a failure can be replayed with
 * the seed fast-check prints (`BOTWATCH_FUZZ_SEED=<seed>`).
 */
export function fuzzRuns(byDefault: number): number {
  const raw = process.env.BOTWATCH_FUZZ_RUNS;
  const runs = raw === undefined || raw === '' ? byDefault : Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`BOTWATCH_FUZZ_RUNS: expected a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  return runs;
}

export const fuzzSeed = Number(process.env.BOTWATCH_FUZZ_SEED || 20_261_203);

/** Enough time for `runs` requests at `msPerRun` (plus set-up), for a test's timeout. */
export const fuzzTimeout = (runs: number, msPerRun: number) => 60_000 + runs * msPerRun;
