// HTTP bench: `nova-sim serve` against a bare node:http floor that answers the same bytes
// with the same headers after a token lookup in a Map, in the same run, over loopback
// with autocannon. Servers run in a child process and autocannon here, a core each.
// Each figure is the median of per-round ratios over interleaved rounds (see below).
// Run after `npm run build`: node bench/http.js [--duration 2] [--rounds 5] [--connections 32]
// [--baseline DIR]: DIR holds another build's dist/ (say a worktree of main): its server runs
// in the same rounds, right after this build's, and its figures are printed beside these,
// so a before → after comparison does not cross runs.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createReport } from './lib.js';

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    duration: { type: 'string', default: process.env.BENCH_HTTP_SECONDS ?? '2' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: process.env.BENCH_HTTP_ROUNDS ?? '5' },
    baseline: { type: 'string' },
    dist: { type: 'string' },
  },
});

/** Offered rates of the paced runs: below what either side sustains on a busy machine. */
const PACED_GET = 2000;
const PACED_MIXED = 600;

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const NETWORK = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';

async function simChild() {
  // Realtime at 1000×: a build (6.5 virtual s) settles in ~7 wall ms, so the mixed
  // workload's actions and deletes meet ACTIVE servers, as a client's would.
  const dist = values.dist
    ? new URL(`file://${values.dist.replace(/\/?$/, '/')}dist/`)
    : new URL('../dist/', import.meta.url);
  const { startSimServer } = await import(new URL('http/server.js', dist).href);
  const server = await startSimServer({
    port: 0,
    clock: 'realtime',
    speed: 1000,
    traceLimit: 0,
    cloud: {
      hosts: { count: 16, vcpus: 4096, memoryMb: 16_777_216, diskGb: 1_000_000 },
      config: { quotas: { instances: -1, cores: -1, ram: -1 } },
    },
  });
  process.send({ base: server.endpoints.base, compute: server.endpoints.compute });
  answerCpu();
  process.on('disconnect', () => server.close().then(() => process.exit(0)));
}

/**
 * The floor: for each kind of request, the status, headers and body bytes the simulator
 * answered it with; the only work is a token lookup in a Map and reading the request body.
 * `answers` maps a kind (see `kindOf`) to `{ status, headers, body }`.
 */
function floorChild() {
  process.once('message', ({ token, answers }) => {
    const tokens = new Map([[token, { projectId: 'demo' }]]);
    const ready = new Map(
      Object.entries(answers).map(([kind, a]) => [
        kind,
        { status: a.status, headers: a.headers, bytes: Buffer.from(a.body, 'utf8') },
      ]),
    );
    const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      const auth = tokens.get(req.headers['x-auth-token']);
      if (auth === undefined) {
        res.writeHead(401);
        res.end();
        return;
      }
      req.on('data', () => {});
      req.on('end', () => {
        const answer = ready.get(kindOf(req.method, req.url));
        res.writeHead(answer.status, answer.headers);
        res.end(answer.bytes);
      });
    });
    server.listen(0, '127.0.0.1', () => {
      process.send({ base: `http://127.0.0.1:${server.address().port}` });
    });
    answerCpu();
    process.on('disconnect', () => process.exit(0));
  });
}

/** Which request of the workloads this is: the floor answers each kind with its own bytes. */
function kindOf(method, url) {
  if (method === 'POST') return url.endsWith('/action') ? 'action' : 'create';
  if (method === 'DELETE') return 'delete';
  return url.includes('/servers/detail') ? 'list' : 'show';
}

/** Status, headers (less the per-connection ones) and body text of a response. */
async function recorded(response) {
  const headers = {};
  for (const [name, value] of response.headers) {
    if (!['date', 'connection', 'keep-alive'].includes(name)) headers[name] = value;
  }
  return { status: response.status, headers, body: await response.text() };
}

/**
 * A child answers `cpu` with its own CPU time (µs, all threads): the CPU each server spends
 * per request is what a busy machine moves least, where the request rate also depends on
 * how much of a core the load generator got.
 */
function answerCpu() {
  process.on('message', (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpu: user + system });
    }
  });
}

function cpuOf(child) {
  return new Promise((resolve) => {
    const listener = (message) => {
      if (message?.cpu === undefined) return;
      child.off('message', listener);
      resolve(message.cpu);
    };
    child.on('message', listener);
    child.send('cpu');
  });
}

function start(kind, init, dist) {
  const args = ['--child', kind, ...(dist ? ['--dist', dist] : [])];
  const child = fork(fileURLToPath(import.meta.url), args, { stdio: 'inherit' });
  if (init) child.send(init);
  return new Promise((resolve) => child.once('message', (info) => resolve({ child, ...info })));
}

export async function httpBench(report) {
  const { default: autocannon } = await import('autocannon');
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const sim = await start('sim');
  const login = async (target) => {
    const auth = await fetch(`${target.base}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'demo', domain: { id: 'default' }, password: 'demo' } },
          },
          scope: { project: { name: 'demo', domain: { id: 'default' } } },
        },
      }),
    });
    return auth.headers.get('x-subject-token');
  };
  const token = await login(sim);
  const headers = { 'x-auth-token': token, 'content-type': 'application/json' };
  const serverBody = JSON.stringify({
    server: { name: 'bench', imageRef: IMAGE, flavorRef: '1', networks: [{ uuid: NETWORK }] },
  });
  const created = await fetch(`${sim.compute}/servers`, {
    method: 'POST',
    headers,
    body: serverBody,
  });
  const createAnswer = await recorded(created);
  const { server } = JSON.parse(createAnswer.body);
  const path = new URL(sim.compute).pathname;
  const showPath = `${path}/servers/${server.id}`;
  await new Promise((resolve) => setTimeout(resolve, 100)); // ACTIVE by now
  // What the mixed workload's requests answer, recorded once for the floor to replay.
  for (let i = 0; i < 20; i++) {
    await fetch(`${sim.compute}/servers`, { method: 'POST', headers, body: serverBody });
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  const answers = {
    create: createAnswer,
    show: await recorded(await fetch(`${sim.base}${showPath}`, { headers })),
    list: await recorded(await fetch(`${sim.base}${path}/servers/detail?limit=20`, { headers })),
    action: await recorded(
      await fetch(`${sim.base}${showPath}/action`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ lock: null }),
      }),
    ),
  };
  await fetch(`${sim.base}${showPath}/action`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ unlock: null }),
  });
  answers.delete = await recorded(
    await fetch(`${sim.base}${showPath}`, { method: 'DELETE', headers }),
  );
  const kept = await fetch(`${sim.compute}/servers`, {
    method: 'POST',
    headers,
    body: serverBody,
  });
  const showId = (await kept.json()).server.id;
  sim.keptPath = `${path}/servers/${showId}`;
  await new Promise((resolve) => setTimeout(resolve, 100));
  const floor = await start('floor', { token, answers });
  // The baseline build's server, given what this one was given: 21 servers, one kept.
  const baseline = values.baseline ? await start('sim', undefined, values.baseline) : undefined;
  if (baseline) {
    baseline.headers = { ...headers, 'x-auth-token': await login(baseline) };
    const boot = () =>
      fetch(`${baseline.compute}/servers`, {
        method: 'POST',
        headers: baseline.headers,
        body: serverBody,
      }).then((res) => res.json());
    for (let i = 0; i < 21; i++) await boot();
    baseline.keptPath = `${path}/servers/${(await boot()).server.id}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const run = async (target, options) => {
    const before = await cpuOf(target.child);
    const result = await new Promise((resolve, reject) => {
      autocannon(
        { url: target.base, connections, duration, headers: target.headers ?? headers, ...options },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
    result.cpuPerRequest = ((await cpuOf(target.child)) - before) / result.requests.total;
    return result;
  };
  // The floor answers any path by its kind: it is sent the simulator's.
  const showOf = (target) => ({
    requests: [{ method: 'GET', path: target.keptPath ?? sim.keptPath }],
  });
  const show = showOf(sim);
  const action = (body) => ({
    method: 'POST',
    body: JSON.stringify(body),
    setupRequest: (request, context) =>
      context.id ? { ...request, path: `${path}/servers/${context.id}/action` } : undefined,
  });
  const mixed = {
    requests: [
      {
        method: 'POST',
        path: `${path}/servers`,
        body: serverBody,
        onResponse: (status, body, context) => {
          context.id = status === 202 ? JSON.parse(body).server.id : undefined;
        },
      },
      {
        method: 'GET',
        setupRequest: (request, context) =>
          context.id ? { ...request, path: `${path}/servers/${context.id}` } : undefined,
      },
      { method: 'GET', path: `${path}/servers/detail?limit=20` },
      action({ lock: null }),
      action({ unlock: null }),
      {
        method: 'DELETE',
        setupRequest: (request, context) =>
          context.id ? { ...request, path: `${path}/servers/${context.id}` } : undefined,
      },
    ],
  };

  // Warm-up (JIT, schema compilation), then rounds in which each simulator run follows
  // its floor's run at once: a neighbour's load that comes and goes moves both sides of a
  // round alike. Each figure is the median over the rounds of that round's ratio, so one
  // round a neighbour took the core from does not decide it.
  await run(floor, { ...show, duration: 1 });
  await run(floor, { ...mixed, duration: 1 });
  await run(sim, { ...show, duration: 2 });
  await run(sim, { ...mixed, duration: 2 });
  if (baseline) {
    await run(baseline, { ...showOf(baseline), duration: 2 });
    await run(baseline, { ...mixed, duration: 2 });
  }
  // Saturated runs (as fast as 32 connections go) give the rate ratio; paced runs
  // (the same offered rate to both sides) give CPU per request at equal load, which a
  // busy machine moves least: at saturation a slower server also pays more per write, as
  // each answer wakes a client that went idle meanwhile.
  const paced = (workload, overallRate) => ({ ...workload, overallRate });
  const rounds = {
    floor: [],
    show: [],
    floorMixed: [],
    mixed: [],
    floorPaced: [],
    showPaced: [],
    floorMixedPaced: [],
    mixedPaced: [],
    baseShow: [],
    baseMixed: [],
    baseShowPaced: [],
    baseMixedPaced: [],
  };
  const keep = (name, result) => {
    if (result.errors > 0) throw new Error(`${name}: ${result.errors} errors`);
    rounds[name].push(result);
  };
  for (let r = 0; r < Number(values.rounds); r++) {
    keep('floor', await run(floor, show));
    keep('show', await run(sim, show));
    if (baseline) keep('baseShow', await run(baseline, showOf(baseline)));
    keep('floorMixed', await run(floor, mixed));
    keep('mixed', await run(sim, mixed));
    if (baseline) keep('baseMixed', await run(baseline, mixed));
    keep('floorPaced', await run(floor, paced(show, PACED_GET)));
    keep('showPaced', await run(sim, paced(show, PACED_GET)));
    if (baseline) keep('baseShowPaced', await run(baseline, paced(showOf(baseline), PACED_GET)));
    keep('floorMixedPaced', await run(floor, paced(mixed, PACED_MIXED)));
    keep('mixedPaced', await run(sim, paced(mixed, PACED_MIXED)));
    if (baseline) keep('baseMixedPaced', await run(baseline, paced(mixed, PACED_MIXED)));
  }
  sim.child.disconnect();
  baseline?.child.disconnect();
  floor.child.disconnect();

  const median = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  // Requests over the run's own duration (autocannon's average is of whole-second buckets).
  const rate = (result) => result.requests.total / result.duration;
  const cpu = (result) => result.cpuPerRequest;
  const of = (name, measure) => median(rounds[name].map(measure));
  const ratioOf = (name, floorName, measure) =>
    median(rounds[name].map((result, i) => measure(result) / measure(rounds[floorName][i])));
  const latency = (name) =>
    `p50 ${of(name, (r) => r.latency.p50)} ms p99 ${of(name, (r) => r.latency.p99)} ms`;
  const spread = (name, floorName, measure) => {
    const ratios = rounds[name].map((result, i) => measure(result) / measure(rounds[floorName][i]));
    return `rounds ${ratios.map((x) => x.toFixed(2)).join(' ')}`;
  };
  const figure = (name, kind, floorName, measure, unit, target) => {
    const ratio = ratioOf(kind, floorName, measure);
    const holds = target.max !== undefined ? ratio <= target.max : ratio >= target.min;
    const notes = [target.note, spread(kind, floorName, measure)].filter(Boolean).join('; ');
    report.add(name, of(kind, measure), unit, {
      floor: of(floorName, measure),
      ratio,
      target: target.max !== undefined ? `≤ ${target.max}×` : `≥ ${(target.min * 100).toFixed(0)}%`,
      holds,
      note: notes,
    });
  };
  report.add('http floor: bare node:http, same bytes', of('floor', rate), 'req/s', {
    note: latency('floor'),
  });
  figure('http GET /servers/{id}', 'show', 'floor', rate, 'req/s', {
    min: 0.85,
    note: latency('show'),
  });
  report.add(
    'http floor, mixed: the same bytes per request kind',
    of('floorMixed', rate),
    'req/s',
    {
      note: latency('floorMixed'),
    },
  );
  figure('http mixed (create,show,list,lock,unlock,delete)', 'mixed', 'floorMixed', rate, 'req/s', {
    min: 0.5,
    note: `${latency('mixed')}; non-2xx ${rounds.mixed.reduce((n, r) => n + r.non2xx, 0)}; ${(
      100 * median(rounds.mixed.map((r, i) => rate(r) / rate(rounds.floor[i])))
    ).toFixed(0)}% of the GET floor`,
  });
  // The same targets in server CPU per request: ≥ 85% of the floor's rate on a saturated
  // core is ≤ 1/0.85 = 1.18× its CPU per request, ≥ 50% is ≤ 2×.
  figure(
    `http GET /servers/{id}: server CPU per request at ${PACED_GET} req/s`,
    'showPaced',
    'floorPaced',
    cpu,
    'µs',
    {
      max: 1.18,
    },
  );
  figure(
    `http mixed: server CPU per request at ${PACED_MIXED} req/s`,
    'mixedPaced',
    'floorMixedPaced',
    cpu,
    'µs',
    {
      max: 2,
      note: latency('mixedPaced'),
    },
  );
  figure('http GET /servers/{id}: server CPU per request, saturated', 'show', 'floor', cpu, 'µs', {
    max: 1.18,
  });
  figure('http mixed: server CPU per request, saturated', 'mixed', 'floorMixed', cpu, 'µs', {
    max: 2,
  });
  if (!baseline) return;
  // The baseline build against the same floor, and this build over it round by round.
  const compared = [
    ['GET rate', 'show', 'baseShow', 'floor', rate, 'req/s'],
    ['mixed rate', 'mixed', 'baseMixed', 'floorMixed', rate, 'req/s'],
    [`GET CPU at ${PACED_GET} req/s`, 'showPaced', 'baseShowPaced', 'floorPaced', cpu, 'µs'],
    [
      `mixed CPU at ${PACED_MIXED} req/s`,
      'mixedPaced',
      'baseMixedPaced',
      'floorMixedPaced',
      cpu,
      'µs',
    ],
    ['GET CPU, saturated', 'show', 'baseShow', 'floor', cpu, 'µs'],
    ['mixed CPU, saturated', 'mixed', 'baseMixed', 'floorMixed', cpu, 'µs'],
  ];
  for (const [label, kind, baseKind, floorName, measure, unit] of compared) {
    const paired = rounds[kind].map((result, i) => measure(result) / measure(rounds[baseKind][i]));
    report.add(`http baseline build: ${label}`, of(baseKind, measure), unit, {
      floor: of(floorName, measure),
      ratio: ratioOf(baseKind, floorName, measure),
      note: `${latency(baseKind)}; this build / baseline ${median(paired).toFixed(2)} (rounds ${paired
        .map((x) => x.toFixed(2))
        .join(' ')})`,
    });
  }
}

if (values.child === 'sim') await simChild();
else if (values.child === 'floor') floorChild();
else if (import.meta.url === `file://${process.argv[1]}`) {
  const report = createReport('http');
  await httpBench(report);
  report.done();
  process.exit(0);
}
