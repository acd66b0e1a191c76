#!/usr/bin/env node
// Long property runs of nova-sim/testing against the built package (npm run fuzz), spread
// over every core with worker threads.
//   NUM_RUNS=20000 npm run fuzz                 many runs, in chunks, one worker per core
//   SEED=7                                      base seed: chunk k runs with its own seed,
//                                               derived from (SEED, k); chunk 0 uses SEED
//   WORKERS=1                                   one worker (default: every core)
//   CHUNK_RUNS=250                              runs per chunk (default NUM_RUNS / (4 × workers))
//   SEED=123 FUZZ_PATH='45:2:1' REPLAY_PATH='AAB:2' npm run fuzz
//                                               replays one failure exactly (printed on failure)
//   PROPERTY=commands|determinism               one property only (default both)
//   MAX_COMMANDS=80                             longer command sequences
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { runFuzz } from '../dist/testing/index.js';

const env = process.env;
const int = (name) => (env[name] === undefined || env[name] === '' ? undefined : Number(env[name]));

/** The seed of chunk k: chunk 0 is the base seed itself, the others are mixed from it. */
function chunkSeed(base, k) {
  if (k === 0) return base;
  let h = (Math.imul(base ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(k, 0xc2b2ae35)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

function options(extra) {
  const properties = env.PROPERTY ? env.PROPERTY.split(',') : undefined;
  return {
    ...(int('MAX_COMMANDS') === undefined ? {} : { maxCommands: int('MAX_COMMANDS') }),
    ...(properties ? { properties } : {}),
    ...extra,
  };
}

function printFailure(r, note = '') {
  console.log(`\n${r.property}: FAILED after ${r.numRuns} runs${note}\n${r.message}\n`);
  const replay = r.replayPath ? ` REPLAY_PATH='${r.replayPath}'` : '';
  console.log(
    `reproduce: SEED=${r.seed} FUZZ_PATH='${r.path}'${replay} PROPERTY=${r.property} npm run fuzz`,
  );
  if (r.scenarioPath) console.log(`scenario:  npx nova-sim replay ${r.scenarioPath}`);
}

if (!isMainThread) {
  // A worker: runs the chunks the main thread hands it, one at a time.
  parentPort.on('message', (chunk) => {
    if (chunk === null) process.exit(0);
    const started = performance.now();
    const results = runFuzz(
      options({ numRuns: chunk.runs, seed: chunk.seed, progressEvery: 1e9, ...workerData }),
    );
    parentPort.postMessage({ k: chunk.k, results, ms: performance.now() - started });
  });
} else if (env.FUZZ_PATH) {
  // Replaying one counterexample: no chunks, no workers.
  const results = runFuzz(
    options({
      numRuns: 1,
      seed: int('SEED'),
      path: env.FUZZ_PATH,
      ...(env.REPLAY_PATH ? { replayPath: env.REPLAY_PATH } : {}),
    }),
  );
  let failed = false;
  for (const r of results) {
    if (r.failed) {
      failed = true;
      printFailure(r);
    } else console.log(`${r.property}: the counterexample passes now (seed ${r.seed})`);
  }
  process.exit(failed ? 1 : 0);
} else {
  const numRuns = int('NUM_RUNS') ?? 2000;
  const workers = Math.max(1, int('WORKERS') ?? availableParallelism());
  const chunkRuns = Math.max(1, int('CHUNK_RUNS') ?? Math.ceil(numRuns / (4 * workers)));
  const base = int('SEED') ?? (Date.now() ^ (process.pid << 16)) | 0;
  const chunks = [];
  for (let k = 0, left = numRuns; left > 0; k++, left -= chunkRuns) {
    chunks.push({ k, seed: chunkSeed(base, k), runs: Math.min(chunkRuns, left) });
  }
  console.log(
    `fuzz: ${numRuns} runs per property in ${chunks.length} chunks of ≤ ${chunkRuns}, ${workers} worker(s), SEED=${base}`,
  );
  const started = performance.now();
  const busy = new Array(workers).fill(0);
  const ranBy = new Array(workers).fill(0);
  let next = 0;
  let done = 0;
  let runs = 0;
  let failure;
  const pool = Array.from({ length: workers }, () => new Worker(new URL(import.meta.url)));
  await new Promise((resolve, reject) => {
    const feed = (w) => {
      if (failure || next >= chunks.length) {
        pool[w].postMessage(null);
        return;
      }
      pool[w].postMessage(chunks[next++]);
    };
    pool.forEach((worker, w) => {
      worker.on('error', reject);
      worker.on('exit', () => {
        if (++done === workers) resolve();
      });
      worker.on('message', ({ k, results, ms }) => {
        busy[w] += ms;
        for (const r of results) {
          runs += r.numRuns;
          ranBy[w] += r.numRuns;
          if (r.failed && !failure) failure = { r, k };
        }
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `chunk ${k} (seed ${chunks[k].seed}) on worker ${w}: ${results.map((r) => `${r.property} ${r.failed ? 'FAILED' : 'ok'}`).join(', ')}; ${runs} runs in ${seconds.toFixed(1)} s`,
        );
        feed(w);
      });
      feed(w);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const perCore = busy.map((ms, w) => `worker ${w} ${((ranBy[w] / ms) * 1000).toFixed(1)}/s`);
  console.log(
    `fuzz: ${runs} programs in ${seconds.toFixed(1)} s on ${workers} worker(s): ${(runs / seconds).toFixed(1)} programs/s, ${(runs / seconds / workers).toFixed(1)} programs/s per core (${perCore.join(', ')})`,
  );
  console.log(
    JSON.stringify({ fuzz: { runs, seconds, workers, perCore: runs / seconds / workers, base } }),
  );
  if (failure) {
    printFailure(failure.r, ` (chunk ${failure.k} of SEED=${base})`);
    process.exit(1);
  }
  console.log(`fuzz: all ${runs} runs passed (SEED=${base})`);
}
