import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { PUBLIC_NETWORK_ID, SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';
import type { Auth } from '../../src/service/contract.js';
import { neutron } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const SAMPLE: Auth = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };

type Op =
  | { kind: 'boot'; withPort: boolean; count: number }
  | { kind: 'delete-server'; pick: number }
  | { kind: 'port'; pick: number }
  | { kind: 'delete-port'; pick: number }
  | { kind: 'attach'; pick: number; port: number }
  | { kind: 'detach'; pick: number }
  | { kind: 'fip'; port: number }
  | { kind: 'advance' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('boot' as const),
    withPort: fc.boolean(),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('delete-server' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('port' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete-port' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('attach' as const), pick: fc.nat(), port: fc.nat() }),
  fc.record({ kind: fc.constant('detach' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('fip' as const), port: fc.nat() }),
  fc.constant({ kind: 'advance' as const }),
);

function live(cloud: Cloud): string[] {
  return [...cloud.compute.servers.values()].filter((s) => !s.deleted).map((s) => s.id);
}

function freePorts(cloud: Cloud): string[] {
  return [...cloud.network.db.ports.values()]
    .filter((p) => p.deviceId === '' && p.networkId === SAMPLE_NETWORK_ID)
    .map((p) => p.id);
}

function apply(cloud: Cloud, o: Op): void {
  const servers = live(cloud);
  const pick = <T>(items: T[], n: number) =>
    items.length === 0 ? undefined : items[n % items.length];
  switch (o.kind) {
    case 'boot': {
      const port = o.withPort ? pick(freePorts(cloud), 0) : undefined;
      const networks = port ? [{ port }] : [{ uuid: SAMPLE_NETWORK_ID }];
      cloud.request({
        method: 'POST',
        path: '/v2.1/servers',
        body: {
          server: {
            name: 'p',
            imageRef: IMAGE,
            flavorRef: '1',
            networks,
            max_count: port ? 1 : o.count,
          },
        },
      });
      return;
    }
    case 'delete-server': {
      const id = pick(servers, o.pick);
      if (id) cloud.request({ method: 'DELETE', path: `/v2.1/servers/${id}` });
      return;
    }
    case 'port':
      neutron(cloud, 'POST', 'ports', { port: { network_id: SAMPLE_NETWORK_ID } }, SAMPLE);
      return;
    case 'delete-port': {
      const id = pick(freePorts(cloud), o.pick);
      if (id) neutron(cloud, 'DELETE', `ports/${id}`, undefined, SAMPLE);
      return;
    }
    case 'attach': {
      const id = pick(servers, o.pick);
      const port = pick(freePorts(cloud), o.port);
      if (id && port) {
        cloud.request({
          method: 'POST',
          path: `/v2.1/servers/${id}/os-interface`,
          body: { interfaceAttachment: { port_id: port } },
        });
      }
      return;
    }
    case 'detach': {
      const id = pick(servers, o.pick);
      const port = id ? cloud.compute.get(id)?.ports?.[0]?.id : undefined;
      if (id && port)
        cloud.request({ method: 'DELETE', path: `/v2.1/servers/${id}/os-interface/${port}` });
      return;
    }
    case 'fip': {
      const ports = [...cloud.network.db.ports.values()].filter(
        (p) => p.deviceOwner.startsWith('compute:') && p.networkId === SAMPLE_NETWORK_ID,
      );
      const port = pick(ports, o.port);
      neutron(
        cloud,
        'POST',
        'floatingips',
        {
          floatingip: {
            floating_network_id: PUBLIC_NETWORK_ID,
            ...(port ? { port_id: port.id } : {}),
          },
        },
        SAMPLE,
      );
      return;
    }
    case 'advance':
      cloud.clock.advance(60_000);
  }
}

function checkInvariants(cloud: Cloud): void {
  const db = cloud.network.db;
  const seen = new Set<string>();
  for (const port of db.ports.values()) {
    for (const ip of port.fixedIps) {
      const key = `${ip.subnet_id}/${ip.ip_address}`;
      expect(seen.has(key), `address ${key} handed out twice`).toBe(false);
      seen.add(key);
    }
  }
  const owner = new Map<string, string>();
  for (const server of cloud.compute.servers.values()) {
    for (const vif of server.ports ?? []) {
      expect(owner.get(vif.id), `port ${vif.id} on two servers`).toBeUndefined();
      owner.set(vif.id, server.id);
      expect(db.ports.get(vif.id)?.deviceId).toBe(server.id);
    }
    if (server.deleted) expect(server.ports ?? []).toEqual([]);
  }
  for (const port of db.ports.values()) {
    if (!port.deviceOwner.startsWith('compute:') || port.deviceId === '') continue;
    expect(owner.get(port.id), `port ${port.id} bound to a server that does not list it`).toBe(
      port.deviceId,
    );
  }
  const fips = new Set<string>();
  for (const fip of db.floatingIps.values()) {
    expect(fips.has(fip.floatingIpAddress)).toBe(false);
    fips.add(fip.floatingIpAddress);
  }
}

describe('Neutron invariants under random Nova and Neutron traffic', () => {
  test.prop([fc.array(op, { minLength: 1, maxLength: 25 })], { numRuns: 40 })(
    'no address handed out twice, no port on two servers, deleted servers hold no ports',
    (ops) => {
      const cloud = createCloud();
      for (const o of ops) {
        apply(cloud, o);
        checkInvariants(cloud);
      }
    },
  );
});
