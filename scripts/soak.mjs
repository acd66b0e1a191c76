#!/usr/bin/env node
// Bounded churn over HTTP against `nova-sim serve` (npm run soak):
//   SOAK_MINUTES=10 CONCURRENCY=8 npm run soak
// Creates, acts on, lists and deletes servers, mints tokens and saves snapshots, and every
// REPORT_SECONDS (20) prints RSS, heap, p50/p99 latency and errors. Fails on any 5xx, on
// any request error, or when the heap grows in steady state: the least-squares slope of the
// heap (after a forced GC) once WARMUP_MINUTES have passed (default a third of the run, at
// most 2), above MAX_SLOPE_MB_PER_MIN (default 1). In the warm-up, serve's trace ring fills
// (TRACE_LIMIT entries, default 10,000), V8 compiles, and the first deleted servers wait out
// their retention; the whole run's slope is printed too.
import { getHeapSpaceStatistics } from 'node:v8';
import { startSimServer } from '../dist/http/server.js';

const env = process.env;
const minutes = Number(env.SOAK_MINUTES ?? 2);
const concurrency = Number(env.CONCURRENCY ?? 8);
const reportMs = Number(env.REPORT_SECONDS ?? 20) * 1000;
const maxSlope = Number(env.MAX_SLOPE_MB_PER_MIN ?? 1);
const warmup = Number(env.WARMUP_MINUTES ?? Math.min(2, minutes / 3));
// serve keeps the last 100,000 trace entries by default: a bounded ring, not a leak, but it
// takes minutes of churn to fill. A smaller ring fills in the warm-up, so that the slope
// after it measures what is left.
const traceLimit = Number(env.TRACE_LIMIT ?? 10_000);

const server = await startSimServer({
  port: 0,
  clock: 'realtime',
  // 10 virtual minutes per wall second: builds finish in milliseconds, and a deleted
  // server is archived six wall seconds after its retention of one virtual hour.
  speed: 600,
  traceLimit,
  cloud: {
    hosts: { count: 8, vcpus: 100_000, memoryMb: 100_000_000, diskGb: 10_000_000 },
    config: { deletedServerRetention: 3600, quotas: { instances: -1, cores: -1, ram: -1 } },
  },
});
const base = server.endpoints.base;
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

let latencies = [];
let errors = 0;
let fiveXX = 0;
let requests = 0;
const samples = [];

async function call(path, { method = 'GET', token, body } = {}) {
  const started = performance.now();
  const headers = { 'content-type': 'application/json' };
  if (token) headers['x-auth-token'] = token;
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    latencies.push(performance.now() - started);
    requests++;
    if (res.status >= 500) {
      fiveXX++;
      console.error(`5xx: ${method} ${path} ${res.status} ${text.slice(0, 200)}`);
    }
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  } catch (error) {
    errors++;
    console.error(`error: ${method} ${path} ${error}`);
    return { status: 0, headers: new Headers(), body: null };
  }
}

async function token(user) {
  const res = await call('/identity/v3/auth/tokens', {
    method: 'POST',
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain: { name: 'Default' }, password: user } },
        },
        scope: {
          project: { name: user === 'admin' ? 'admin' : 'demo', domain: { id: 'default' } },
        },
      },
    },
  });
  return res.headers.get('x-subject-token');
}

const stopAt = performance.now() + minutes * 60_000;
const admin = await token('admin');

async function worker(n) {
  let demo = await token('demo');
  for (let i = 0; performance.now() < stopAt; i++) {
    if (i % 50 === 0) demo = (await token('demo')) ?? demo;
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: { server: { name: `soak-${n}-${i}`, imageRef: IMAGE, flavorRef: '1' } },
    });
    const id = created.body?.server?.id;
    await call('/compute/v2.1/servers/detail?limit=50', { token: demo });
    if (id) {
      await call(`/compute/v2.1/servers/${id}/action`, {
        method: 'POST',
        token: demo,
        body: { 'os-stop': null },
      });
      await call(`/compute/v2.1/servers/${id}/os-instance-actions`, { token: demo });
      await call(`/compute/v2.1/servers/${id}`, { method: 'DELETE', token: demo });
    }
    if (n === 0 && i % 200 === 0) await call('/_sim/snapshot', { token: admin });
  }
}

function percentile(sorted, p) {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const startedAt = performance.now();
const report = () => {
  // With --expose-gc (npm run soak passes it) the heap is sampled after a full collection,
  // so the slope measures what is retained, not where the sawtooth happened to be.
  globalThis.gc?.();
  const sorted = latencies.sort((a, b) => a - b);
  const { rss, heapUsed } = process.memoryUsage();
  const t = (performance.now() - startedAt) / 60_000;
  samples.push([t, heapUsed / 2 ** 20, rss / 2 ** 20]);
  const space = (name) =>
    getHeapSpaceStatistics().find((s) => s.space_name === name)?.space_used_size / 2 ** 20;
  console.log(
    `${t.toFixed(2)} min: ${requests} requests, rss ${(rss / 2 ** 20).toFixed(1)} MB, heap ${(heapUsed / 2 ** 20).toFixed(1)} MB ` +
      `(old ${space('old_space').toFixed(1)}, code ${space('code_space').toFixed(1)}, large ${space('large_object_space').toFixed(1)}), ` +
      `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ` +
      `servers ${server.cloud.compute.servers.size}, tokens ${server.identity.tokens.size}, errors ${errors}, 5xx ${fiveXX}`,
  );
  latencies = [];
};
const timer = setInterval(report, reportMs);
await Promise.all(Array.from({ length: concurrency }, (_, n) => worker(n)));
clearInterval(timer);
report();
await server.close();

function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}
const slopes = (points) =>
  points.length >= 2
    ? [slope(points.map(([t, h]) => [t, h])), slope(points.map(([t, , r]) => [t, r]))]
    : [0, 0];
const [wholeHeap, wholeRss] = slopes(samples);
const [heapSlope, rssSlope] = slopes(samples.filter(([t]) => t >= warmup));
console.log(
  `whole run: heap slope ${wholeHeap.toFixed(2)} MB/min, rss slope ${wholeRss.toFixed(2)} MB/min`,
);
console.log(
  `after ${warmup.toFixed(1)} min of warm-up: heap slope ${heapSlope.toFixed(2)} MB/min, rss slope ${rssSlope.toFixed(2)} MB/min`,
);
if (fiveXX > 0 || errors > 0 || heapSlope > maxSlope) {
  console.log('soak FAILED');
  process.exit(1);
}
console.log('soak passed');
