#!/usr/bin/env node
// Long property runs of nova-sim/testing against the built package (npm run fuzz).
//   NUM_RUNS=20000 npm run fuzz                 many runs, progress every PROGRESS runs
//   SEED=123 FUZZ_PATH='45:2:1' REPLAY_PATH='AAB:2' npm run fuzz
//                                               replays one failure exactly (printed on failure)
//   PROPERTY=commands|determinism               one property only (default both)
//   MAX_COMMANDS=80                             longer command sequences
import { runFuzz } from '../dist/testing/index.js';

const env = process.env;
const int = (name) => (env[name] === undefined || env[name] === '' ? undefined : Number(env[name]));
const properties = env.PROPERTY ? env.PROPERTY.split(',') : undefined;
const numRuns = int('NUM_RUNS') ?? 2000;

// When each property was first heard of: its runs per second count from there.
const startedAt = new Map();

const results = runFuzz({
  numRuns,
  ...(int('SEED') === undefined ? {} : { seed: int('SEED') }),
  ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}),
  ...(env.REPLAY_PATH ? { replayPath: env.REPLAY_PATH } : {}),
  ...(int('MAX_COMMANDS') === undefined ? {} : { maxCommands: int('MAX_COMMANDS') }),
  ...(properties ? { properties } : {}),
  progressEvery: int('PROGRESS') ?? 100,
  onProgress: (p) => {
    // Wall time is the runner's business: the harness in src/ reads no clock.
    if (!startedAt.has(p.property)) startedAt.set(p.property, performance.now());
    const elapsedMs = performance.now() - startedAt.get(p.property);
    const rate = p.runs / Math.max(1, elapsedMs / 1000);
    process.stdout.write(
      `${p.property}: ${p.runs}${p.shrinking ? ' (shrinking)' : `/${p.numRuns}`} runs, ${(elapsedMs / 1000).toFixed(1)} s, ${rate.toFixed(1)} runs/s\n`,
    );
  },
});

let failed = false;
for (const r of results) {
  if (!r.failed) {
    console.log(`${r.property}: ${r.numRuns} runs passed (seed ${r.seed})`);
    continue;
  }
  failed = true;
  console.log(`\n${r.property}: FAILED after ${r.numRuns} runs\n${r.message}\n`);
  const replay = r.replayPath ? ` REPLAY_PATH='${r.replayPath}'` : '';
  console.log(
    `reproduce: SEED=${r.seed} FUZZ_PATH='${r.path}'${replay} PROPERTY=${r.property} npm run fuzz`,
  );
  if (r.scenarioPath) console.log(`scenario:  npx nova-sim replay ${r.scenarioPath}`);
}
process.exit(failed ? 1 : 0);
