import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import type { Cloud } from '../../src/cloud.js';
import { PUBLIC_NETWORK_ID, SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';
import { ADMIN, headers, type Resolver } from './sample-resolvers.js';
import { sampleAt } from './samples.js';

// The ids the proxy samples name (security groups, networks, floating IPs, volumes,
// snapshots), made real in the replay's cloud through the neighbours' own APIs, and the
// setup a few action samples need (a group named `test`, the samples' floating IPs).

function neutron(cloud: Cloud, method: string, path: string, body?: unknown) {
  const res = cloud.request({
    service: 'network',
    method,
    path: `/v2.0${path}`,
    auth: ADMIN,
    ...(body === undefined ? {} : { body }),
  });
  if (res.status >= 300) throw new Error(`neutron ${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

function cinder(cloud: Cloud, method: string, path: string, body?: unknown) {
  const res = cloud.request({
    service: 'volume',
    method,
    path: `/v3/${SAMPLE_PROJECT_ID}${path}`,
    auth: ADMIN,
    ...(body === undefined ? {} : { body }),
  });
  if (res.status >= 300) throw new Error(`cinder ${method} ${path}: ${JSON.stringify(res.body)}`);
  cloud.clock.advance(60_000);
  return res.body;
}

function testGroup(cloud: Cloud): string {
  return neutron(cloud, 'POST', '/security-groups', {
    security_group: { name: 'test', description: 'description', tenant_id: SAMPLE_PROJECT_ID },
  }).security_group.id as string;
}

/** A floating IP of the samples' project at this address, on a subnet of `public` made for it. */
function floatingIp(cloud: Cloud, address: string): string {
  const cidr = address.replace(/\.\d+$/, '.0/24');
  const subnets = neutron(cloud, 'GET', `/subnets?cidr=${cidr}`).subnets as unknown[];
  if (subnets.length === 0) {
    neutron(cloud, 'POST', '/subnets', {
      subnet: { network_id: PUBLIC_NETWORK_ID, cidr, ip_version: 4 },
    });
  }
  return neutron(cloud, 'POST', '/floatingips', {
    floatingip: {
      floating_network_id: PUBLIC_NETWORK_ID,
      floating_ip_address: address,
      tenant_id: SAMPLE_PROJECT_ID,
    },
  }).floatingip.id as string;
}

/** Moves the server's port to the fixed address the sample names. */
function fixedAddress(cloud: Cloud, serverId: string, address: string): string {
  const port = neutron(cloud, 'GET', `/ports?device_id=${serverId}`).ports[0];
  neutron(cloud, 'PUT', `/ports/${port.id}`, { port: { fixed_ips: [{ ip_address: address }] } });
  return port.id as string;
}

function volume(cloud: Cloud): string {
  return cinder(cloud, 'POST', '/volumes', { volume: { size: 1 } }).volume.id as string;
}

export const PROXY_RESOLVERS: Readonly<Record<string, Resolver>> = {
  security_group_id: (cloud) => testGroup(cloud),
  network_id: () => SAMPLE_NETWORK_ID,
  floating_ip_id: (cloud) => floatingIp(cloud, '172.24.4.17'),
  snapshot_id: (cloud) =>
    cinder(cloud, 'POST', '/snapshots', { snapshot: { volume_id: volume(cloud) } }).snapshot
      .id as string,
  volume_id: (cloud, ex, serverId) => {
    const id = volume(cloud);
    // The os-volumes samples show an attached volume, as do the attachment samples.
    if (ex.path.startsWith('/os-volumes/') || ex.path.includes('/os-volume_attachments/')) {
      // An update that repeats the attachment's tag needs it attached with that tag.
      const sample = ex.request ? sampleAt(ex.request) : undefined;
      const tag = (sample as { volumeAttachment?: { tag?: string } })?.volumeAttachment?.tag;
      const res = cloud.request({
        method: 'POST',
        path: `/v2.1/servers/${serverId()}/os-volume_attachments`,
        headers: headers(tag === undefined ? '2.1' : '2.49'),
        auth: ADMIN,
        body: { volumeAttachment: { volumeId: id, ...(tag === undefined ? {} : { tag }) } },
      });
      if (res.status !== 200) throw new Error(`attach: ${JSON.stringify(res.body)}`);
      cloud.clock.advance(60_000);
    }
    return id;
  },
};

/** The sample body with one id replaced by ours. */
function withId(body: unknown, key: string, id: string): unknown {
  return JSON.parse(
    JSON.stringify(body).replace(new RegExp(`"${key}":\\s*"[0-9a-f-]{36}"`), `"${key}":"${id}"`),
  );
}

/**
 * What a sample needs in place before it runs, by request file; it may hand back the body
 * with the sample's ids replaced by those it made.
 */
export const PROXY_SETUP: Readonly<
  Record<string, (cloud: Cloud, serverId: () => string, body: unknown) => unknown>
> = {
  'os-security-groups/security-group-add-post-req.json': (cloud, serverId) => {
    serverId();
    testGroup(cloud);
  },
  'os-security-groups/security-group-rules-post-req.json': (cloud, _serverId, body) =>
    withId(body, 'parent_group_id', testGroup(cloud)),
  'os-snapshots/snapshot-create-req.json': (cloud, _serverId, body) =>
    withId(body, 'volume_id', volume(cloud)),
  'os-security-groups/security-group-remove-post-req.json': (cloud, serverId) => {
    const group = testGroup(cloud);
    const ports = neutron(cloud, 'GET', `/ports?device_id=${serverId()}`).ports;
    for (const port of ports) {
      neutron(cloud, 'PUT', `/ports/${port.id}`, {
        port: { security_groups: [...port.security_groups, group] },
      });
    }
  },
  'servers/server-action-addfloatingip-req.json': (cloud, serverId) => {
    fixedAddress(cloud, serverId(), '192.168.1.30');
    floatingIp(cloud, '10.10.10.10');
  },
  'servers/server-action-removefloatingip-req.json': (cloud, serverId) => {
    const port = fixedAddress(cloud, serverId(), '192.168.1.30');
    const fip = floatingIp(cloud, '172.16.10.7');
    neutron(cloud, 'PUT', `/floatingips/${fip}`, { floatingip: { port_id: port } });
  },
};
