// HTTP bench: `nova-sim serve` against a bare node:http floor that answers the same bytes
// with the same headers after a token lookup in a Map, in the same run, over loopback
// with autocannon. Servers run in a child process and autocannon here, a core each.
// Run after `npm run build`: node bench/http.js [--duration 5] [--connections 32]
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createReport } from './lib.js';

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    duration: { type: 'string', default: process.env.BENCH_HTTP_SECONDS ?? '4' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
  },
});

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const NETWORK = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';

async function simChild() {
  // Realtime at 1000×: a build (6.5 virtual s) settles in ~7 wall ms, so the mixed
  // workload's actions and deletes meet ACTIVE servers, as a client's would.
  const { startSimServer } = await import('../dist/http/server.js');
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
  process.on('disconnect', () => server.close().then(() => process.exit(0)));
}

/** The floor: same status, headers and body bytes; the only work is a Map lookup. */
function floorChild() {
  process.once('message', ({ token, status, headers, body }) => {
    const tokens = new Map([[token, { projectId: 'demo' }]]);
    const bytes = Buffer.from(body, 'utf8');
    const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      const auth = tokens.get(req.headers['x-auth-token']);
      if (auth === undefined) {
        res.writeHead(401);
        res.end();
        return;
      }
      res.writeHead(status, headers);
      res.end(bytes);
    });
    server.listen(0, '127.0.0.1', () => {
      process.send({ base: `http://127.0.0.1:${server.address().port}` });
    });
    process.on('disconnect', () => process.exit(0));
  });
}

function start(kind, init) {
  const child = fork(fileURLToPath(import.meta.url), ['--child', kind], { stdio: 'inherit' });
  if (init) child.send(init);
  return new Promise((resolve) => child.once('message', (info) => resolve({ child, ...info })));
}

export async function httpBench(report) {
  const { default: autocannon } = await import('autocannon');
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const sim = await start('sim');
  const auth = await fetch(`${sim.base}/identity/v3/auth/tokens`, {
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
  const token = auth.headers.get('x-subject-token');
  const headers = { 'x-auth-token': token, 'content-type': 'application/json' };
  const serverBody = JSON.stringify({
    server: { name: 'bench', imageRef: IMAGE, flavorRef: '1', networks: [{ uuid: NETWORK }] },
  });
  const created = await fetch(`${sim.compute}/servers`, {
    method: 'POST',
    headers,
    body: serverBody,
  });
  const { server } = await created.json();
  const path = new URL(sim.compute).pathname;
  const showPath = `${path}/servers/${server.id}`;
  await new Promise((resolve) => setTimeout(resolve, 100)); // ACTIVE by now
  const sample = await fetch(`${sim.base}${showPath}`, { headers });
  const sampleHeaders = {};
  for (const [name, value] of sample.headers) {
    if (!['date', 'connection', 'keep-alive'].includes(name)) sampleHeaders[name] = value;
  }
  const floor = await start('floor', {
    token,
    status: sample.status,
    headers: sampleHeaders,
    body: await sample.text(),
  });

  const run = (base, options) =>
    new Promise((resolve, reject) => {
      autocannon({ url: base, connections, duration, headers, ...options }, (error, result) =>
        error ? reject(error) : resolve(result),
      );
    });
  const show = { requests: [{ method: 'GET', path: showPath }] };
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

  // Warm-up (JIT, schema compilation), then floor and sim interleaved: the best round each.
  await run(floor.base, { ...show, duration: 1 });
  await run(sim.base, { ...show, duration: 2 });
  await run(sim.base, { ...mixed, duration: 2 });
  const best = { floor: undefined, show: undefined, mixed: undefined };
  const keep = (name, result) => {
    if (result.errors > 0) throw new Error(`${name}: ${result.errors} errors`);
    if (best[name] === undefined || result.requests.average > best[name].requests.average) {
      best[name] = result;
    }
  };
  for (let r = 0; r < Number(values.rounds); r++) {
    keep('floor', await run(floor.base, show));
    keep('show', await run(sim.base, show));
    keep('mixed', await run(sim.base, mixed));
  }
  sim.child.disconnect();
  floor.child.disconnect();

  const rate = (result) => result.requests.average;
  const p99 = (result) => `p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms`;
  report.add('http floor: bare node:http, same bytes', rate(best.floor), 'req/s', {
    note: p99(best.floor),
  });
  report.ratio('http GET /servers/{id}', rate(best.show), rate(best.floor), 'req/s', {
    min: 0.85,
    note: p99(best.show),
  });
  report.ratio(
    'http mixed (create,show,list,lock,unlock,delete)',
    rate(best.mixed),
    rate(best.floor),
    'req/s',
    {
      min: 0.5,
      note: `${p99(best.mixed)}; non-2xx ${best.mixed.non2xx}`,
    },
  );
}

if (values.child === 'sim') await simChild();
else if (values.child === 'floor') floorChild();
else if (import.meta.url === `file://${process.argv[1]}`) {
  const report = createReport('http');
  await httpBench(report);
  report.done();
  process.exit(0);
}
