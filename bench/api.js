// API-level benchmark: POST /servers + settle + DELETE through cloud.request.
// Run after `npm run build`: node bench/api.js
import { performance } from 'node:perf_hooks';
import { createCloud } from '../dist/index.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function lifecycles(count) {
  const cloud = createCloud({
    seed: 1,
    hosts: { count: 64, vcpus: 100_000, memoryMb: 100_000_000, diskGb: 10_000_000 },
    config: { jitter: 0, quotas: { instances: -1, cores: -1, ram: -1 } },
  });
  // Neutron's own port quota (500 by default) would stop 1,000 servers at once.
  cloud.request({
    service: 'network',
    method: 'PUT',
    path: `/v2.0/quotas/${SAMPLE_PROJECT_ID}`,
    body: { quota: { port: -1 } },
    auth: { roles: ['admin'] },
  });
  const body = { server: { name: 'bench', imageRef: IMAGE, flavorRef: '1' } };
  const batch = 1000;
  const start = performance.now();
  for (let done = 0; done < count; done += batch) {
    const ids = [];
    for (let i = 0; i < batch; i++) {
      ids.push(cloud.request({ method: 'POST', path: '/v2.1/servers', body }).body.server.id);
    }
    cloud.clock.advance(60_000);
    for (const id of ids) {
      const res = cloud.request({ method: 'DELETE', path: `/v2.1/servers/${id}` });
      if (res.status !== 204) throw new Error(`delete answered ${res.status}`);
    }
    cloud.clock.advance(60_000);
  }
  return ((performance.now() - start) * 1000) / count;
}

const N = Number(process.env.BENCH_SERVERS ?? 100_000);
lifecycles(5_000); // warm up
console.log(
  `api: POST /servers + settle + DELETE: ${lifecycles(N).toFixed(1)} µs per server (${N} servers, target ≤ 50)`,
);

// Listing with 1,000,000 servers in one project: index, don't scan (target ≤ 10 ms).
import { createServers, DEFAULT_FLAVORS, SAMPLE_PROJECT_ID } from '../dist/index.js';

function listing(count) {
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
  const flavor = DEFAULT_FLAVORS[0];
  for (let made = 0; made < count; made += 10_000) {
    createServers(cloud.compute, cloud.random, caller, {
      name: 'list',
      flavor,
      imageRef: IMAGE,
      count: 10_000,
    });
    cloud.clock.advance(60_000);
  }
  const v = { 'OpenStack-API-Version': 'compute 2.latest' };
  const first = performance.now();
  cloud.request({ method: 'GET', path: '/v2.1/servers/detail?limit=1', headers: v });
  console.log(
    `api: first list at ${count} servers (builds the index): ${(performance.now() - first).toFixed(0)} ms`,
  );
  for (const query of ['limit=1000', 'status=ACTIVE&limit=1000']) {
    // Warm the JIT on this query's path first.
    for (let i = 0; i < 5; i++)
      cloud.request({ method: 'GET', path: `/v2.1/servers/detail?${query}`, headers: v });
    const times = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      const res = cloud.request({
        method: 'GET',
        path: `/v2.1/servers/detail?${query}`,
        headers: v,
      });
      times.push(performance.now() - t);
      if (res.body.servers.length !== 1000) throw new Error(`listed ${res.body.servers.length}`);
    }
    times.sort((a, b) => a - b);
    console.log(
      `api: GET /servers/detail?${query}: median ${times[7].toFixed(2)} ms at ${count} servers (target ≤ 10)`,
    );
  }
}

listing(Number(process.env.BENCH_LIST_SERVERS ?? 1_000_000));
