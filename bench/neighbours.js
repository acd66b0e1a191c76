// Neighbour services on the same curves as servers: the per-operation CPU cost of a port
// create, a floating IP create, and a volume create + attach, at growing counts of each.
// The curve's floor is the operation at the smallest count; the largest must stay ≤ 1.5×.
// Run after `npm run build`: node bench/neighbours.js   (BENCH_NEIGHBOUR_SIZES=1000,4000,16000)
import { createCloud, createServers, DEFAULT_FLAVORS, SAMPLE_PROJECT_ID } from '../dist/index.js';
import { cpuMs, createReport } from './lib.js';

const SIZES = (process.env.BENCH_NEIGHBOUR_SIZES ?? '1000,4000,16000').split(',').map(Number);
const OPS = 300;
const ADMIN = { roles: ['admin'] };
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const CALLER = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', isAdmin: false, requestId: 'req' };

function ok(res, what) {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

function setup() {
  const cloud = createCloud({
    seed: 3,
    hosts: { count: 64, vcpus: 10_000_000, memoryMb: 10_000_000_000, diskGb: 1_000_000_000 },
    config: { jitter: 0, quotas: { instances: -1, cores: -1, ram: -1 } },
  });
  const net = (method, path, body, auth) =>
    ok(cloud.request({ service: 'network', method, path, body, ...(auth ? { auth } : {}) }), path);
  net('PUT', `/v2.0/quotas/${SAMPLE_PROJECT_ID}`, { quota: { port: -1, floatingip: -1 } }, ADMIN);
  // Networks large enough for every count: a /12 each.
  const own = net('POST', '/v2.0/networks', { network: { name: 'bench' } }).network;
  net('POST', '/v2.0/subnets', {
    subnet: { network_id: own.id, cidr: '10.16.0.0/12', ip_version: 4 },
  });
  const external = net(
    'POST',
    '/v2.0/networks',
    { network: { name: 'bench-ext', 'router:external': true, shared: true } },
    ADMIN,
  ).network;
  net(
    'POST',
    '/v2.0/subnets',
    { subnet: { network_id: external.id, cidr: '100.64.0.0/12', ip_version: 4 } },
    ADMIN,
  );
  ok(
    cloud.request({
      service: 'volume',
      method: 'PUT',
      path: `/v3/${SAMPLE_PROJECT_ID}/os-quota-sets/${SAMPLE_PROJECT_ID}`,
      body: { quota_set: { volumes: -1, gigabytes: -1 } },
      auth: ADMIN,
    }),
    'cinder quotas',
  );
  return { cloud, net, own, external };
}

function volume(cloud) {
  const body = ok(
    cloud.request({
      service: 'volume',
      method: 'POST',
      path: `/v3/${SAMPLE_PROJECT_ID}/volumes`,
      body: { volume: { size: 1 } },
    }),
    'volume create',
  );
  return body.volume.id;
}

/** Brings the counts of ports, floating IPs and attached volumes to `count` each. */
function grow(env, count, have) {
  const { cloud, net, own, external } = env;
  for (let i = have; i < count; i++) {
    net('POST', '/v2.0/ports', { port: { network_id: own.id } });
    net('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external.id } });
  }
  const servers = createServers(cloud.compute, cloud.random, CALLER, {
    name: 'bench',
    flavor: DEFAULT_FLAVORS[0],
    imageRef: IMAGE,
    count: count - have,
  });
  const volumes = servers.map(() => volume(cloud));
  cloud.clock.advance(60_000);
  for (const [i, server] of servers.entries()) attach(cloud, server.id, volumes[i]);
  cloud.clock.advance(60_000);
}

function attach(cloud, serverId, volumeId) {
  ok(
    cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${serverId}/os-volume_attachments`,
      body: { volumeAttachment: { volumeId } },
    }),
    'attach',
  );
}

/** CPU µs per operation at the current counts. */
function measure(env) {
  const { cloud, net, own, external } = env;
  const out = {};
  let t = cpuMs();
  for (let i = 0; i < OPS; i++) net('POST', '/v2.0/ports', { port: { network_id: own.id } });
  out['port create'] = ((cpuMs() - t) * 1000) / OPS;
  t = cpuMs();
  for (let i = 0; i < OPS; i++) {
    net('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: external.id } });
  }
  out['floating IP create'] = ((cpuMs() - t) * 1000) / OPS;
  const servers = createServers(cloud.compute, cloud.random, CALLER, {
    name: 'bench',
    flavor: DEFAULT_FLAVORS[0],
    imageRef: IMAGE,
    count: OPS,
  });
  cloud.clock.advance(60_000);
  t = cpuMs();
  const volumes = servers.map(() => volume(cloud));
  cloud.clock.advance(60_000);
  out['volume create'] = ((cpuMs() - t) * 1000) / OPS;
  t = cpuMs();
  for (const [i, server] of servers.entries()) attach(cloud, server.id, volumes[i]);
  cloud.clock.advance(60_000);
  out['volume attach'] = ((cpuMs() - t) * 1000) / OPS;
  return out;
}

export function neighboursBench(report) {
  const env = setup();
  grow(env, 300, 0);
  // Warm-up: the JIT on every path, twice (each measure adds OPS of everything).
  measure(env);
  measure(env);
  let have = 300 + 2 * OPS;
  const bySize = new Map();
  for (const size of SIZES) {
    if (size > have) grow(env, size, have);
    have = Math.max(have, size) + OPS;
    bySize.set(size, measure(env));
  }
  const small = SIZES[0];
  const large = SIZES[SIZES.length - 1];
  for (const op of Object.keys(bySize.get(small))) {
    const curve = SIZES.map((s) => bySize.get(s)[op].toFixed(0)).join(' / ');
    report.ratio(
      `${op} at ${large} (floor: at ${small})`,
      bySize.get(large)[op],
      bySize.get(small)[op],
      'µs',
      {
        max: 1.5,
        note: `µs: ${curve}`,
      },
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = createReport('neighbours');
  neighboursBench(report);
  report.done({ sizes: SIZES });
}
