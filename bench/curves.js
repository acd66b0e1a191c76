// Flat curves: the per-operation cost of each server operation at 10k, 100k and 1M
// servers, every list filter and sort key Nova allows among them, and the heap per
// ACTIVE server. The curve's floor is the operation at the smallest size: the ratio
// of the largest to it must stay ≤ 1.5×. Run after `npm run build`:
// node bench/curves.js   (BENCH_SIZES=10000,100000 by default; with BENCH_FULL=1, as
// `npm run bench -- --full` sets, 10000,100000,1000000)

import { SORT_KEYS as QUERY_SORT_KEYS } from '../dist/api/listing/query-schema.js';
import { nonAdminFilters } from '../dist/api/listing/search-options.js';
import { serverIndex } from '../dist/api/listing/server-index.js';
import { Microversion } from '../dist/api/microversion.js';
import { DEFAULT_CONFIG } from '../dist/config.js';
import { createCloud, createServers, DEFAULT_FLAVORS, SAMPLE_PROJECT_ID } from '../dist/index.js';
import { cpuMs, createReport, ensureGc, gcNow } from './lib.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const DEFAULT_SIZES = process.env.BENCH_FULL ? '10000,100000,1000000' : '10000,100000';
const SIZES = (process.env.BENCH_SIZES ?? DEFAULT_SIZES).split(',').map(Number);
const OPS = 500;
/** Pages read after markers spread over the cloud. */
const PAGES = 20;
const SETTLE_MS = 60_000;
const V = { 'OpenStack-API-Version': 'compute latest' };
const ADMIN = { roles: ['admin'] };
const CALLER = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', isAdmin: false, requestId: 'req' };

/**
 * A value for each filter: most match every server (a full page from a walk), some none
 * (what an index must answer without a walk). The names come from Nova's own lists.
 */
const VALUES = {
  reservation_id: 'r-',
  name: 'bench',
  status: 'ACTIVE',
  image: IMAGE,
  flavor: '1',
  ip: '10.',
  ip6: 'fd',
  'changes-since': '2000-01-01T00:00:00Z',
  'changes-before': '2100-01-01T00:00:00Z',
  locked: 'false',
  availability_zone: 'nova',
  config_drive: 'x',
  key_name: 'x',
  created_at: '20',
  launched_at: '20',
  terminated_at: '20',
  power_state: '1',
  task_state: 'deleting',
  vm_state: 'active',
  progress: '0',
  user_id: 'fake',
  hostname: 'bench',
  tags: 't',
  'tags-any': 't',
  'not-tags': 't',
  'not-tags-any': 't',
};

/** Every filter a member may use at the latest microversion (all_tenants is an admin's). */
const FILTERS = [...nonAdminFilters(Microversion.of(DEFAULT_CONFIG.maxMicroversion))]
  .filter((name) => name !== 'all_tenants')
  .map((name) => {
    if (!(name in VALUES)) throw new Error(`no bench value for the filter ${name}`);
    return `${name}=${VALUES[name]}`;
  });
const ADMIN_FILTERS = ['all_tenants=1', 'host=host-1', 'node=host-1', 'uuid=0', 'deleted=false'];
/** Regexes no row matches on a column of unique texts: answered from its character marks. */
const NO_MATCH = ['name=zz', 'hostname=zz'];
/** Every sort key of the latest schema. */
const SORT_KEYS = [...QUERY_SORT_KEYS, 'locked'].sort();

/** The cloud the curves grow: 64 large hosts, the column lists on, no quotas. */
export function bigCloud() {
  const cloud = createCloud({
    seed: 2,
    hosts: { count: 64, vcpus: 10_000_000, memoryMb: 10_000_000_000, diskGb: 1_000_000_000 },
    // The per-column list indexes (off by default) are what these curves measure.
    config: { jitter: 0, listColumnIndexes: true, quotas: { instances: -1, cores: -1, ram: -1 } },
  });
  // Neutron's own port quota (500 by default) would stop the creates.
  cloud.request({
    service: 'network',
    method: 'PUT',
    path: `/v2.0/quotas/${SAMPLE_PROJECT_ID}`,
    body: { quota: { port: -1 } },
    auth: ADMIN,
  });
  return cloud;
}

/** Grows the cloud to `count` ACTIVE servers through the fastest public path. */
/** Multi-creates of 10,000 servers named `bench-<n>` until `count` are not deleted. */
export function grow(cloud, count) {
  const flavor = DEFAULT_FLAVORS[0];
  let have = 0;
  for (const server of cloud.compute.servers.values()) if (!server.deleted) have++;
  while (have < count) {
    const n = Math.min(10_000, count - have);
    createServers(cloud.compute, cloud.random, CALLER, {
      name: 'bench',
      flavor,
      imageRef: IMAGE,
      count: n,
    });
    cloud.clock.advance(SETTLE_MS);
    have += n;
  }
}

/**
 * CPU ms of one call: the best of `reps` after one untimed call (one more when slow).
 * CPU time, not wall time: on a shared machine the process waits for a core.
 */
function callMs(fn, reps = 3) {
  const t0 = cpuMs();
  fn();
  const first = cpuMs() - t0;
  let best = first;
  // A slow call is a scan the JIT has seen at the smaller sizes: once is enough.
  const n = first > 200 ? 0 : reps;
  for (let i = 0; i < n; i++) {
    const t = cpuMs();
    fn();
    best = Math.min(best, cpuMs() - t);
  }
  return best;
}

function list(cloud, query, auth) {
  const res = cloud.request({
    method: 'GET',
    path: `/v2.1/servers/detail?limit=1000&${query}`,
    headers: V,
    ...(auth ? { auth } : {}),
  });
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.servers.length;
}

/**
 * A list query slower than this (ms of CPU) at one size scans: it is not run at the next
 * size, where it would cost ten times more and blow the bench's 5-minute budget.
 */
const SCAN_MS = 100;

/**
 * µs per create (POST + settle), show and delete (DELETE + settle) of `OPS` servers. The
 * first round after a build also pays for the heap the build left to grow and collect (at
 * 1M: create 2×, delete 4× a later round's), which is the build's cost, not theirs.
 */
function lifecycleRound(cloud) {
  const body = { server: { name: 'bench', imageRef: IMAGE, flavorRef: '1' } };
  const ids = [];
  let t = cpuMs();
  for (let i = 0; i < OPS; i++) {
    const res = cloud.request({ method: 'POST', path: '/v2.1/servers', body });
    if (res.status !== 202) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.server.id);
  }
  cloud.clock.advance(SETTLE_MS);
  const create = ((cpuMs() - t) * 1000) / OPS;
  t = cpuMs();
  for (const id of ids) {
    if (cloud.request({ method: 'GET', path: `/v2.1/servers/${id}`, headers: V }).status !== 200) {
      throw new Error('show failed');
    }
  }
  const show = ((cpuMs() - t) * 1000) / OPS;
  t = cpuMs();
  for (const id of ids) cloud.request({ method: 'DELETE', path: `/v2.1/servers/${id}` });
  cloud.clock.advance(SETTLE_MS);
  return { create, show, delete: ((cpuMs() - t) * 1000) / OPS };
}

/**
 * µs per operation at this size: creates, shows, deletes, ticks, a page of each list
 * (except the ones `previous` found scanning).
 */
function measure(cloud, size, previous) {
  const skip = (op) => previous !== undefined && !(previous[op] < SCAN_MS * 1000);
  lifecycleRound(cloud);
  const out = lifecycleRound(cloud);
  // Periodic tasks: an hour of virtual time with nothing else to do, per 60 s tick.
  let t = cpuMs();
  cloud.clock.advance(3_600_000);
  out['periodic tick'] = ((cpuMs() - t) * 1000) / 60;
  for (const query of FILTERS) {
    const op = `list ${query}`;
    if (!skip(op)) out[op] = callMs(() => list(cloud, query)) * 1000;
  }
  for (const query of ADMIN_FILTERS) {
    const op = `list ${query} (admin)`;
    if (!skip(op)) out[op] = callMs(() => list(cloud, query, ADMIN)) * 1000;
  }
  for (const query of NO_MATCH) {
    const op = `list ${query}`;
    if (!skip(op)) out[op] = callMs(() => list(cloud, query)) * 1000;
  }
  for (const key of SORT_KEYS) {
    // host and node are admin-only sort keys.
    const auth = key === 'host' || key === 'node' ? ADMIN : undefined;
    // Both ways: desc (the default) jumps between runs of equal values, asc walks on.
    for (const dir of ['desc', 'asc']) {
      const op = `list sort_key=${key}&sort_dir=${dir}`;
      if (!skip(op))
        out[op] = callMs(() => list(cloud, `sort_key=${key}&sort_dir=${dir}`, auth)) * 1000;
    }
  }
  // Paging: 1,000-row pages after markers spread over the whole cloud (a walk through all
  // of a 1M cloud alone would cost more than the rest of the bench), µs per listed server.
  const all = [...cloud.compute.servers.values()].filter((s) => !s.deleted);
  t = cpuMs();
  let seen = 0;
  for (let k = 0; k < PAGES; k++) {
    const marker = all[Math.floor((k * all.length) / PAGES)].id;
    const res = cloud.request({
      method: 'GET',
      path: `/v2.1/servers/detail?limit=1000&marker=${marker}`,
      headers: V,
    });
    if (res.status !== 200) throw new Error(`page: ${res.status}`);
    seen += res.body.servers.length;
  }
  if (seen < Math.min(size, PAGES * 1000) / 2) throw new Error(`paged ${seen} rows`);
  out['page after a marker anywhere (per server)'] = ((cpuMs() - t) * 1000) / seen;
  return out;
}

export function curvesBench(report) {
  const cloud = bigCloud();
  const bySize = new Map();
  let heapBefore;
  // Warm the JIT on a small cloud first, so the first size is not charged for it.
  grow(cloud, 2000);
  measure(cloud, 2000);
  gcNow();
  heapBefore = process.memoryUsage().heapUsed;
  let servers = cloud.compute.servers.size;
  for (const size of SIZES) {
    const t = cpuMs();
    grow(cloud, size);
    const built = cpuMs() - t;
    gcNow();
    const heap = process.memoryUsage().heapUsed;
    const perServer = (heap - heapBefore) / (cloud.compute.servers.size - servers);
    report.add(`heap per ACTIVE server at ${size}`, perServer, 'bytes', {
      target: '≤ 1536',
      holds: perServer <= 1536,
      note: `built in ${(built / 1000).toFixed(1)} s`,
    });
    heapBefore = heap;
    servers = cloud.compute.servers.size;
    bySize.set(size, measure(cloud, size, bySize.get(SIZES[SIZES.indexOf(size) - 1])));
  }
  const [small] = SIZES;
  const large = SIZES[SIZES.length - 1];
  const base = bySize.get(small);
  for (const op of Object.keys(base)) {
    const isList = op.startsWith('list ');
    // The largest size the operation was measured at (a scanning list stops early).
    const at = [...SIZES].reverse().find((s) => bySize.get(s)[op] !== undefined);
    const value = bySize.get(at)[op];
    const curve = SIZES.map((s) => bySize.get(s)[op])
      .map((v) => (v === undefined ? 'scan, not run' : (v / 1000).toFixed(2)))
      .join(' / ');
    const ratio = value / base[op];
    const pageOk = !isList || (at === large && value <= 20_000);
    report.add(`${op} at ${at} (floor: at ${small})`, value, 'µs', {
      floor: base[op],
      ratio,
      target: isList ? `≤ 1.5× and ≤ 20 ms at ${large}` : '≤ 1.5×',
      holds: at === large && ratio <= 1.5 && pageOk,
      note: `ms: ${curve}`,
    });
  }
  if (cloud.compute.servers.size < large) throw new Error('cloud lost servers');
  // What the sort and filter indexes (issue 14) cost: the heap they free when dropped.
  gcNow();
  const withIndexes = process.memoryUsage().heapUsed;
  const index = serverIndex(cloud);
  index.rowsByProject.clear();
  index.addresses.list.fill([]);
  index.holders.clear();
  for (const entry of index.entries.values()) entry.values = [];
  gcNow();
  const indexBytes = (withIndexes - process.memoryUsage().heapUsed) / cloud.compute.servers.size;
  report.add(`heap of the sort and filter indexes per server at ${large}`, indexBytes, 'bytes', {
    note: 'included in the heap per ACTIVE server above',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureGc(import.meta.url, ['--max-old-space-size=8192']);
  const report = createReport('curves');
  curvesBench(report);
  report.done({ sizes: SIZES });
}
