// HTTP throughput of `nova-sim serve` over loopback, measured with autocannon.
// Run after `npm run build`: node bench/http.js [--duration 10] [--connections 32]
// The server runs in a child process and autocannon in this one, so the two use a core
// each (the target machine has 2). Prints a table and one JSON line.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    child: { type: 'boolean' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
  },
});

if (values.child) {
  // The server: manual clock (no background work), no trace, no quota or capacity limits.
  const { startSimServer } = await import('../dist/http/server.js');
  const server = await startSimServer({
    port: 0,
    clock: 'manual',
    traceLimit: 0,
    cloud: {
      hosts: { count: 16, vcpus: 4096, memoryMb: 16_777_216, diskGb: 1_000_000 },
      config: { quotas: { instances: -1, cores: -1, ram: -1 } },
    },
  });
  process.send?.({ base: server.endpoints.base, compute: server.endpoints.compute });
  process.on('disconnect', () => server.close().then(() => process.exit(0)));
} else {
  const { default: autocannon } = await import('autocannon');
  const child = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: 'inherit' });
  const { base, compute } = await new Promise((resolve) => child.once('message', resolve));
  const duration = Number(values.duration);
  const connections = Number(values.connections);

  const auth = await fetch(`${base}/identity/v3/auth/tokens`, {
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
    server: {
      name: 'bench',
      imageRef: '70a599e0-31e7-49b7-b260-868f441e862b',
      flavorRef: '1',
      networks: [{ uuid: '3cb9bc59-5699-4588-a4b1-b87f96708bc6' }],
    },
  });
  const created = await fetch(`${compute}/servers`, { method: 'POST', headers, body: serverBody });
  const { server } = await created.json();
  const path = new URL(compute).pathname;

  const run = (title, options) =>
    new Promise((resolve, reject) => {
      autocannon({ url: base, connections, duration, headers, ...options }, (error, result) => {
        if (error) reject(error);
        else resolve({ title, result });
      });
    });

  const results = [];
  // Warm-up: JIT, schema compilation, connection setup.
  await run('warm-up', {
    duration: 2,
    requests: [{ method: 'GET', path: `${path}/servers/${server.id}` }],
  });
  results.push(
    await run(`GET ${path}/servers/{id}`, {
      requests: [{ method: 'GET', path: `${path}/servers/${server.id}` }],
    }),
  );
  results.push(
    await run(`POST ${path}/servers + DELETE`, {
      requests: [
        {
          method: 'POST',
          path: `${path}/servers`,
          body: serverBody,
          onResponse: (status, body, context) => {
            if (status === 202) context.id = JSON.parse(body).server.id;
          },
        },
        {
          method: 'DELETE',
          setupRequest: (request, context) =>
            context.id ? { ...request, path: `${path}/servers/${context.id}` } : undefined,
        },
      ],
    }),
  );
  child.disconnect();

  const rows = results.map(({ title, result }) => ({
    benchmark: title,
    'req/s (mean)': Math.round(result.requests.average),
    'latency p50 ms': result.latency.p50,
    'latency p99 ms': result.latency.p99,
    requests: result.requests.total,
    'non-2xx': result.non2xx,
    errors: result.errors,
  }));
  console.table(rows);
  console.log(JSON.stringify({ connections, duration, results: rows }));
  const failed = results.some(({ result }) => result.non2xx > 0 || result.errors > 0);
  process.exitCode = failed ? 1 : 0;
}
