/**
 * Run counts and seeds of the property tests. CI runs each property a bounded number of
 * times with a fixed seed, so the suite is quick and stable; `NUM_RUNS` scales every
 * property (`NUM_RUNS=1000 npx vitest run test/properties`) and `SEED` changes the seed.
 * `npm run fuzz` is the place for long random runs.
 */
export function numRuns(ci: number): number {
  const scale = Number(process.env.NUM_RUNS);
  return Number.isFinite(scale) && scale > 0 ? scale : ci;
}

export function propertySeed(fixed = 20260101): number {
  const seed = Number(process.env.SEED);
  return Number.isFinite(seed) && process.env.SEED !== '' && process.env.SEED !== undefined
    ? seed
    : fixed;
}

/** Per-property test timeout: generous, the run counts bound the time. */
export const TIMEOUT = 300_000;
