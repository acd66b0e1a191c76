// Snapshot bench: save and restore of N ACTIVE servers in the streamed line format, next to
// its floor, JSON.stringify and JSON.parse of the same servers as a plain array, measured in
// the same run. Run after `npm run build`:
//   node bench/snapshot.js                  100k and 1M servers
//   BENCH_SNAPSHOT_SIZES=10000,100000 node bench/snapshot.js
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  createCloud,
  createServers,
  DEFAULT_FLAVORS,
  restoreSnapshot,
  SAMPLE_PROJECT_ID,
  saveSnapshot,
} from '../dist/index.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const sizes = (process.env.BENCH_SNAPSHOT_SIZES ?? '100000,1000000').split(',').map(Number);

/** N ACTIVE servers, built through the engine's own create path (the fastest public one). */
function build(count) {
  const cloud = createCloud({
    seed: 2,
    hosts: { count: 64, vcpus: 10_000_000, memoryMb: 10_000_000_000, diskGb: 1_000_000_000 },
    config: { jitter: 0, quotas: { instances: -1, cores: -1, ram: -1 } },
  });
  const caller = {
    projectId: SAMPLE_PROJECT_ID,
    userId: 'fake',
    isAdmin: false,
    requestId: 'req-bench',
  };
  for (let made = 0; made < count; made += 10_000) {
    createServers(cloud.compute, cloud.random, caller, {
      name: 'snap',
      flavor: DEFAULT_FLAVORS[0],
      imageRef: IMAGE,
      count: Math.min(10_000, count - made),
    });
    cloud.clock.advance(60_000);
  }
  return cloud;
}

const time = (fn) => {
  const start = performance.now();
  const value = fn();
  return [performance.now() - start, value];
};
const mb = (bytes) => (bytes / 1e6).toFixed(1);

const lines = [];
for (const count of sizes) {
  const cloud = build(count);
  globalThis.gc?.();
  const [saveMs, text] = time(() => saveSnapshot(cloud));
  const [restoreMs, copy] = time(() => restoreSnapshot(text));
  if (copy.compute.servers.size !== count) throw new Error('restore lost servers');
  // The floor: the same servers as plain JSON, one string. At 1M it may not fit in a string.
  const plain = cloud.snapshot().servers;
  let floor = { stringifyMs: null, parseMs: null, bytes: null };
  try {
    const [stringifyMs, json] = time(() => JSON.stringify(plain));
    const [parseMs] = time(() => JSON.parse(json));
    floor = { stringifyMs, parseMs, bytes: Buffer.byteLength(json) };
  } catch (error) {
    floor.error = String(error);
  }
  // How long one save blocks the loop when it streams (what GET /_sim/snapshot?format=lines does).
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const sink = { write: () => true, once: () => undefined };
  const { writeSnapshot } = await import('../dist/index.js');
  const [, bytes] = time(() => writeSnapshot(cloud, sink));
  await bytes;
  delay.disable();
  // What serve does now: read in slices, a turn of the loop between them, then write.
  // Each slice's own time is measured between pauses; the loop delay as above.
  const { captureInSlices } = await import('../dist/snapshot/capture-slices.js');
  const { writeLines } = await import('../dist/snapshot/save.js');
  const sliceDelay = monitorEventLoopDelay({ resolution: 10 });
  // Wall time per slice, and CPU time (process.cpuUsage: less hostage to a shared machine).
  let resumed = performance.now();
  let resumedCpu = process.cpuUsage();
  let longestSlice = 0;
  let longestSliceCpu = 0;
  let slices = 0;
  const endSlice = () => {
    longestSlice = Math.max(longestSlice, performance.now() - resumed);
    const cpu = process.cpuUsage(resumedCpu);
    longestSliceCpu = Math.max(longestSliceCpu, (cpu.user + cpu.system) / 1000);
  };
  const pause = async () => {
    endSlice();
    slices++;
    await new Promise((resolve) => setImmediate(resolve));
    resumed = performance.now();
    resumedCpu = process.cpuUsage();
  };
  sliceDelay.enable();
  resumed = performance.now();
  resumedCpu = process.cpuUsage();
  const slicedStart = performance.now();
  const sliced = await captureInSlices(cloud, { pause });
  endSlice();
  const slicedCaptureMs = performance.now() - slicedStart;
  await writeLines(sliced, sink);
  sliceDelay.disable();
  const size = Buffer.byteLength(text);
  const f = (ms) => (ms === null ? 'n/a' : `${ms.toFixed(0)} ms`);
  console.log(
    `snapshot: ${count} ACTIVE servers: save ${saveMs.toFixed(0)} ms, restore ${restoreMs.toFixed(0)} ms, ${mb(size)} MB ` +
      `(floor JSON.stringify ${f(floor.stringifyMs)}, JSON.parse ${f(floor.parseMs)}, ${floor.bytes === null ? 'n/a' : mb(floor.bytes)} MB${floor.error ? `, ${floor.error}` : ''}); ` +
      `longest loop block while streaming ${(delay.max / 1e6).toFixed(0)} ms; ` +
      `in slices: ${slices + 1} slices read in ${slicedCaptureMs.toFixed(0)} ms, longest slice ${longestSlice.toFixed(0)} ms (CPU ${longestSliceCpu.toFixed(0)} ms), longest loop block ${(sliceDelay.max / 1e6).toFixed(0)} ms; target ≤ ${count <= 100_000 ? 1 : 10} s each`,
  );
  lines.push({
    servers: count,
    saveMs,
    restoreMs,
    bytes: size,
    floor,
    maxLoopBlockMs: delay.max / 1e6,
    sliced: {
      slices: slices + 1,
      captureMs: slicedCaptureMs,
      longestSliceMs: longestSlice,
      longestSliceCpuMs: longestSliceCpu,
      maxLoopBlockMs: sliceDelay.max / 1e6,
    },
  });
}
console.log(JSON.stringify({ bench: 'snapshot', results: lines }));
