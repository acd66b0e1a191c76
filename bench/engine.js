// Engine bench: a create→ACTIVE→delete lifecycle against a hand-written floor, through
// the engine and through cloud.request, in the same run; heap per ACTIVE server;
// placement among 10k hosts. Run after `npm run build`: node bench/engine.js
import {
  createCloud,
  createServers,
  DEFAULT_FLAVORS,
  operations,
  SAMPLE_PROJECT_ID,
} from '../dist/index.js';
import { bestOf, createReport, ensureGc, gcNow, timed } from './lib.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const TINY = DEFAULT_FLAVORS.find((f) => f.id === '1');
const CALLER = { projectId: 'bench', userId: 'bench', isAdmin: false, requestId: 'req-bench' };
const REQUEST = { name: 'bench', flavor: TINY, imageRef: IMAGE };
const HUGE_HOSTS = { count: 64, vcpus: 1_000_000, memoryMb: 1_000_000_000, diskGb: 100_000_000 };
const ENGINE_CONFIG = { jitter: 0, quotas: { instances: -1, cores: -1, ram: -1 } };
/** A build takes ~6.5 s of virtual time and a delete 1 s: a minute settles either. */
const SETTLE_MS = 60_000;
const BATCH = 1000;
const COUNT = Number(process.env.BENCH_LIFECYCLES ?? 10_000);

const engineCloud = (config = ENGINE_CONFIG) => createCloud({ seed: 1, hosts: HUGE_HOSTS, config });
/**
 * The per-column list indexes (decision 0012) are on by default: the engine with them off
 * is what they are measured against.
 */
const PLAIN_CONFIG = { ...ENGINE_CONFIG, listColumnIndexes: false };

/** How many status writes one lifecycle makes: the `server.step` events it emits. */
function stepsPerLifecycle() {
  const cloud = engineCloud();
  let created = 0;
  let deleted = 0;
  let phase = 'create';
  cloud.events.on('server.step', () => {
    if (phase === 'create') created++;
    else deleted++;
  });
  const [server] = createServers(cloud.compute, cloud.random, CALLER, REQUEST);
  cloud.clock.advance(SETTLE_MS);
  phase = 'delete';
  operations.deleteServer(cloud.compute, server, CALLER);
  cloud.clock.advance(SETTLE_MS);
  return { created, deleted };
}

/** A binary min-heap of timers by (dueAt, seq): the floor's clock. */
class TimerHeap {
  items = [];
  seq = 0;
  push(dueAt, fire) {
    const items = this.items;
    const item = { dueAt, seq: this.seq++, fire };
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(item, items[p])) break;
      items[i] = items[p];
      i = p;
    }
    items[i] = item;
  }
  less(a, b) {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
  }
  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= items.length) break;
        const r = l + 1;
        const c = r < items.length && this.less(items[r], items[l]) ? r : l;
        if (!this.less(items[c], last)) break;
        items[i] = items[c];
        i = c;
      }
      items[i] = last;
    }
    return top;
  }
  advance(to) {
    while (this.items.length > 0 && this.items[0].dueAt <= to) {
      const timer = this.pop();
      timer.fire(timer.dueAt);
    }
    return to;
  }
}

/**
 * The floor: what a lifecycle costs with nothing but a plain object per server, the same
 * number of status writes, a Map, and one heap timer per step.
 */
function floorLifecycles(count, steps) {
  const servers = new Map();
  const timers = new TimerHeap();
  let now = 0;
  let next = 0;
  const stepper = (server, left, done) => {
    const step = (at) => {
      server.status = left > 1 ? 'BUILD' : done;
      server.taskState = left > 1 ? 'spawning' : null;
      server.updatedAt = at;
      left--;
      if (left > 0) timers.push(at + 1000, step);
      else if (done === 'DELETED') servers.delete(server.id);
    };
    timers.push(now + 1000, step);
  };
  for (let made = 0; made < count; made += BATCH) {
    const batch = [];
    for (let i = 0; i < BATCH; i++) {
      const server = {
        id: `s-${next++}`,
        name: 'bench',
        status: 'BUILD',
        taskState: 'scheduling',
        updatedAt: now,
      };
      servers.set(server.id, server);
      batch.push(server);
      stepper(server, steps.created, 'ACTIVE');
    }
    now = timers.advance(now + SETTLE_MS);
    for (const server of batch) {
      if (server.status !== 'ACTIVE') throw new Error('floor server not ACTIVE');
      stepper(server, steps.deleted, 'DELETED');
    }
    now = timers.advance(now + SETTLE_MS);
  }
  if (servers.size !== 0) throw new Error('floor servers left');
}

function engineLifecycles(count, config = ENGINE_CONFIG) {
  const cloud = engineCloud(config);
  for (let done = 0; done < count; done += BATCH) {
    const servers = [];
    for (let i = 0; i < BATCH; i++) {
      servers.push(createServers(cloud.compute, cloud.random, CALLER, REQUEST)[0]);
    }
    cloud.clock.advance(SETTLE_MS);
    for (const server of servers) {
      if (server.machine.vmState !== 'active') throw new Error('server did not get ACTIVE');
      operations.deleteServer(cloud.compute, server, CALLER);
    }
    cloud.clock.advance(SETTLE_MS);
    if (!servers.every((server) => server.deleted)) throw new Error('server not deleted');
  }
}

function apiLifecycles(count) {
  const cloud = createCloud({ seed: 1, hosts: HUGE_HOSTS, config: ENGINE_CONFIG });
  // Neutron's own port quota (500 by default) would stop a batch of 1,000.
  cloud.request({
    service: 'network',
    method: 'PUT',
    path: `/v2.0/quotas/${SAMPLE_PROJECT_ID}`,
    body: { quota: { port: -1 } },
    auth: { roles: ['admin'] },
  });
  const body = { server: { name: 'bench', imageRef: IMAGE, flavorRef: '1' } };
  for (let done = 0; done < count; done += BATCH) {
    const ids = [];
    for (let i = 0; i < BATCH; i++) {
      const res = cloud.request({ method: 'POST', path: '/v2.1/servers', body });
      if (res.status !== 202) throw new Error(`create answered ${res.status}`);
      ids.push(res.body.server.id);
    }
    cloud.clock.advance(SETTLE_MS);
    for (const id of ids) {
      const res = cloud.request({ method: 'DELETE', path: `/v2.1/servers/${id}` });
      if (res.status !== 204) throw new Error(`delete answered ${res.status}`);
    }
    cloud.clock.advance(SETTLE_MS);
  }
}

/**
 * The column lists' cost as pairs of runs back to back, on then off or off then on in
 * turn: both sides of a pair share the load of their moment, and the median of the pairs'
 * ratios drops the pairs a neighbour disturbed. The ratio of each side's best of two,
 * taken at different moments, read 1.3–2.4× for one build on a loaded machine.
 */
function listPairs(pairs, count) {
  const ratios = [];
  for (let p = 0; p < pairs; p++) {
    const onFirst = p % 2 === 0;
    const a = timed(count, () => engineLifecycles(count, onFirst ? ENGINE_CONFIG : PLAIN_CONFIG));
    const b = timed(count, () => engineLifecycles(count, onFirst ? PLAIN_CONFIG : ENGINE_CONFIG));
    ratios.push(onFirst ? a.cpu / b.cpu : b.cpu / a.cpu);
  }
  ratios.sort((x, y) => x - y);
  return { median: ratios[ratios.length >> 1], low: ratios[0], high: ratios[ratios.length - 1] };
}

/** Heap bytes per live ACTIVE server, `count` of them. */
function heapPerServer(count, config = ENGINE_CONFIG) {
  const cloud = engineCloud(config);
  createServers(cloud.compute, cloud.random, CALLER, REQUEST);
  cloud.clock.advance(SETTLE_MS);
  gcNow();
  const before = process.memoryUsage().heapUsed;
  for (let done = 0; done < count; done += BATCH) {
    for (let i = 0; i < BATCH; i++) createServers(cloud.compute, cloud.random, CALLER, REQUEST);
    cloud.clock.advance(SETTLE_MS);
  }
  gcNow();
  const after = process.memoryUsage().heapUsed;
  // Reading the cloud after the measure keeps it alive through it.
  if (cloud.compute.servers.size !== count + 1) throw new Error('servers missing');
  return (after - before) / count;
}

function placements(hostCount, count) {
  const cloud = createCloud({
    seed: 1,
    hosts: { count: hostCount, vcpus: 64, memoryMb: 262_144, diskGb: 4_000 },
    config: ENGINE_CONFIG,
  });
  const { scheduler } = cloud;
  const now = cloud.clock.now();
  const resources = { vcpus: 1, memoryMb: 512, diskGb: 1 };
  const request = { resources, count: 1 };
  const place = (prefix, n) => {
    for (let i = 0; i < n; i++) {
      const result = scheduler.select(request, now);
      if (!result.ok) throw new Error(`no valid host at placement ${i}`);
      scheduler.claim(`${prefix}-${i}`, result.picks[0][0], resources);
    }
  };
  place('warm', 2000);
  return timed(count, () => place('bench', count));
}

export function engineBench(report) {
  const steps = stepsPerLifecycle();
  // Warm-up: JIT and the machine's memoised transitions.
  floorLifecycles(10 * BATCH, steps);
  engineLifecycles(3 * BATCH);
  engineLifecycles(3 * BATCH, PLAIN_CONFIG);
  apiLifecycles(2 * BATCH);
  const best = bestOf(2, {
    floor: () => timed(COUNT, () => floorLifecycles(COUNT, steps)),
    engine: () => timed(COUNT, () => engineLifecycles(COUNT)),
    plain: () => timed(COUNT, () => engineLifecycles(COUNT, PLAIN_CONFIG)),
    api: () => timed(COUNT, () => apiLifecycles(COUNT)),
  });
  // CPU time (the process's own, GC threads included): on a shared machine wall time also
  // counts the waits for a core. Wall figures are in the note.
  const note = `${steps.created}+${steps.deleted} status writes; wall ${best.engine.wall.toFixed(1)} µs, floor ${best.floor.wall.toFixed(1)} µs`;
  report.ratio('engine: create→ACTIVE→delete (cpu)', best.engine.cpu, best.floor.cpu, 'µs', {
    max: 5,
    note,
  });
  report.ratio(
    'cloud.request: POST+settle+DELETE (cpu; floor: engine)',
    best.api.cpu,
    best.engine.cpu,
    'µs',
    { max: 3, note: `wall ${best.api.wall.toFixed(1)} µs` },
  );
  report.add('Nova functional harness (measured last wave)', 770_000, 'µs', {
    ratio: 770_000 / best.api.cpu,
    note: 'ratio = Nova / cloud.request',
  });
  report.ratio(
    'engine with the list column indexes on (cpu)',
    best.engine.cpu,
    best.plain.cpu,
    'µs',
    { max: 1.3, note: `wall ${best.engine.wall.toFixed(1)} µs; floor: the engine with them off` },
  );
  const pairs = listPairs(8, COUNT / 2);
  report.add(
    'engine with the list column indexes on ÷ off, median of 8 pairs (cpu)',
    pairs.median,
    '×',
    {
      target: '≤ 1.3×',
      holds: pairs.median <= 1.3,
      note: `pairs of ${COUNT / 2} lifecycles run back to back; range ${pairs.low.toFixed(2)}–${pairs.high.toFixed(2)}`,
    },
  );
  const bytes = heapPerServer(50_000);
  report.add('heap per ACTIVE server (50k)', bytes, 'bytes', {
    target: '≤ 1536 (at 1M: bench/curves.js)',
    holds: bytes <= 1536,
  });
  const plainBytes = heapPerServer(50_000, PLAIN_CONFIG);
  report.add('heap the list column indexes add per server (50k)', bytes - plainBytes, 'bytes', {
    target: '≤ 150',
    holds: bytes - plainBytes <= 150,
  });
  const placement = placements(10_000, 10_000);
  report.add('placement select+claim among 10k hosts', placement.wall, 'µs');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureGc(import.meta.url);
  const report = createReport('engine');
  engineBench(report);
  report.done();
}
