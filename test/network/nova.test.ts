import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { PUBLIC_NETWORK_ID, SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';
import type { Auth } from '../../src/service/contract.js';
import { neutron } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const SAMPLE: Auth = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };

function boot(cloud: Cloud, networks: unknown, extra: Record<string, unknown> = {}) {
  return cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers: { 'OpenStack-API-Version': 'compute latest' },
    body: { server: { name: 'vm', imageRef: IMAGE, flavorRef: '1', networks, ...extra } },
  });
}

function show(cloud: Cloud, id: string) {
  return cloud.request({ method: 'GET', path: `/v2.1/servers/${id}` }).body.server;
}

function portsOf(cloud: Cloud, deviceId: string) {
  return neutron(cloud, 'GET', `ports?device_id=${deviceId}`, undefined, SAMPLE).body.ports;
}

describe("Nova's create through Neutron", () => {
  it('creates a port on the network; addresses come from it; it goes ACTIVE on landing', () => {
    const cloud = createCloud();
    const res = boot(cloud, [{ uuid: SAMPLE_NETWORK_ID }]);
    expect(res.status).toBe(202);
    const id = res.body.server.id;
    const [port] = portsOf(cloud, id);
    expect(port).toMatchObject({
      device_id: id,
      device_owner: 'compute:nova',
      network_id: SAMPLE_NETWORK_ID,
      status: 'DOWN',
      project_id: SAMPLE_PROJECT_ID,
    });
    cloud.clock.advance(120_000);
    const server = show(cloud, id);
    expect(server.status).toBe('ACTIVE');
    expect(server.addresses.private).toEqual([
      {
        version: 4,
        addr: port.fixed_ips[0].ip_address,
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': port.mac_address,
      },
    ]);
    const landed = portsOf(cloud, id)[0];
    expect(landed).toMatchObject({
      status: 'ACTIVE',
      'binding:host_id': cloud.compute.get(id)?.host,
      'binding:vif_type': 'ovs',
    });
    expect(landed['binding:host_id']).not.toBe('');
  });

  it('never hands an address out twice across a multi-create', () => {
    const cloud = createCloud();
    const res = boot(cloud, 'auto', { min_count: 4, max_count: 4, return_reservation_id: true });
    expect(res.status).toBe(202);
    const ports = neutron(cloud, 'GET', 'ports?device_owner=compute:nova', undefined, SAMPLE).body
      .ports;
    const ips = ports.map(
      (p: { fixed_ips: { ip_address: string }[] }) => p.fixed_ips[0]!.ip_address,
    );
    expect(ips).toHaveLength(4);
    expect(new Set(ips).size).toBe(4);
    expect(new Set(ports.map((p: { device_id: string }) => p.device_id)).size).toBe(4);
  });

  it("binds the user's port, refuses it to a second server, and hands it back on delete", () => {
    const cloud = createCloud();
    const port = neutron(
      cloud,
      'POST',
      'ports',
      { port: { network_id: SAMPLE_NETWORK_ID } },
      SAMPLE,
    ).body.port;
    const first = boot(cloud, [{ port: port.id }]);
    const id = first.body.server.id;
    expect(neutron(cloud, 'GET', `ports/${port.id}`, undefined, SAMPLE).body.port.device_id).toBe(
      id,
    );
    const second = boot(cloud, [{ port: port.id }]);
    expect(second.status).toBe(409);
    expect(second.body.conflictingRequest.message).toBe(`Port ${port.id} is still in use.`);
    const made = boot(cloud, [{ uuid: SAMPLE_NETWORK_ID }]).body.server.id;
    const madePort = portsOf(cloud, made)[0];
    cloud.clock.advance(120_000);
    for (const server of [id, made])
      cloud.request({ method: 'DELETE', path: `/v2.1/servers/${server}` });
    cloud.clock.advance(120_000);
    const back = neutron(cloud, 'GET', `ports/${port.id}`, undefined, SAMPLE).body.port;
    expect(back).toMatchObject({
      device_id: '',
      device_owner: '',
      status: 'DOWN',
      'binding:host_id': '',
    });
    expect(neutron(cloud, 'GET', `ports/${madePort.id}`, undefined, SAMPLE).status).toBe(404);
  });

  it("answers Nova's 400s for unknown ports, networks, taken fixed IPs and security groups", () => {
    const cloud = createCloud();
    const nope = '00000000-0000-4000-8000-000000000000';
    expect(boot(cloud, [{ port: nope }]).body.badRequest.message).toBe(
      `Port id ${nope} could not be found.`,
    );
    expect(boot(cloud, [{ uuid: nope }]).body.badRequest.message).toBe(
      `Network ${nope} could not be found.`,
    );
    const id = boot(cloud, [{ uuid: SAMPLE_NETWORK_ID, fixed_ip: '192.168.1.77' }]).body.server.id;
    cloud.clock.advance(120_000);
    expect(show(cloud, id).addresses.private[0].addr).toBe('192.168.1.77');
    expect(
      boot(cloud, [{ uuid: SAMPLE_NETWORK_ID, fixed_ip: '192.168.1.77' }]).body.badRequest.message,
    ).toBe(`Fixed IP address 192.168.1.77 is already in use on instance ${id}.`);
    const sg = boot(cloud, 'auto', { security_groups: [{ name: 'nope' }] });
    expect(sg.status).toBe(400);
    expect(sg.body.badRequest.message).toBe('Security group nope not found.');
    neutron(cloud, 'POST', 'security-groups', { security_group: { name: 'web' } }, SAMPLE);
    expect(boot(cloud, 'auto', { security_groups: [{ name: 'web' }] }).status).toBe(202);
  });

  it('puts the server in ERROR with a fault when the network has no address left', () => {
    const cloud = createCloud();
    const admin: Auth = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };
    const net = neutron(cloud, 'POST', 'networks', { network: { name: 'tiny' } }, admin).body
      .network;
    neutron(
      cloud,
      'POST',
      'subnets',
      {
        subnet: {
          network_id: net.id,
          ip_version: 4,
          cidr: '10.9.0.0/24',
          allocation_pools: [{ start: '10.9.0.5', end: '10.9.0.5' }],
        },
      },
      admin,
    );
    const ok = boot(cloud, [{ uuid: net.id }]).body.server.id;
    const starved = boot(cloud, [{ uuid: net.id }]).body.server.id;
    cloud.clock.advance(120_000);
    expect(show(cloud, ok).status).toBe('ACTIVE');
    const server = show(cloud, starved);
    expect(server.status).toBe('ERROR');
    expect(server.fault.message).toBe(
      `Build of instance ${starved} aborted: Failed to allocate the network(s) with error No fixed IP addresses available for network: ${net.id}, not rescheduling.`,
    );
    expect(server.addresses).toEqual({});
  });

  it('answers 409 when more than one network could be used', () => {
    const cloud = createCloud();
    neutron(cloud, 'POST', 'networks', { network: { name: 'mine' } }, SAMPLE);
    const res = boot(cloud, 'auto');
    expect(res.status).toBe(409);
    expect(res.body.conflictingRequest.message).toBe(
      'More than one possible network found. Specify network ID(s) to select which one(s) to connect to.',
    );
  });

  it('shows an associated floating IP in the addresses', () => {
    const cloud = createCloud();
    const id = boot(cloud, [{ uuid: SAMPLE_NETWORK_ID }]).body.server.id;
    cloud.clock.advance(120_000);
    const [port] = portsOf(cloud, id);
    const fip = neutron(
      cloud,
      'POST',
      'floatingips',
      {
        floatingip: { floating_network_id: PUBLIC_NETWORK_ID, port_id: port.id },
      },
      SAMPLE,
    ).body.floatingip;
    const addresses = show(cloud, id).addresses.private;
    expect(addresses.map((a: Record<string, string>) => [a.addr, a['OS-EXT-IPS:type']])).toEqual([
      [port.fixed_ips[0].ip_address, 'fixed'],
      [fip.floating_ip_address, 'floating'],
    ]);
    neutron(cloud, 'DELETE', `floatingips/${fip.id}`, undefined, SAMPLE);
    expect(show(cloud, id).addresses.private).toHaveLength(1);
  });

  it('fails the build when the port create fails under a fault rule', () => {
    const cloud = createCloud();
    cloud.addFault({ kind: 'port-create-failure', count: 1 });
    const id = boot(cloud, [{ uuid: SAMPLE_NETWORK_ID }]).body.server.id;
    cloud.clock.advance(120_000);
    const server = show(cloud, id);
    expect(server.status).toBe('ERROR');
    expect(server.fault.message).toBe(
      `Build of instance ${id} aborted: Failed to allocate the network(s), not rescheduling.`,
    );
  });
});

describe('snapshot and restore', () => {
  it('resumes Neutron byte-identically mid-build', () => {
    const cloud = createCloud({ seed: 7 });
    const port = neutron(
      cloud,
      'POST',
      'ports',
      { port: { network_id: SAMPLE_NETWORK_ID } },
      SAMPLE,
    ).body.port;
    boot(cloud, [{ port: port.id }]);
    boot(cloud, 'auto');
    neutron(
      cloud,
      'POST',
      'floatingips',
      { floatingip: { floating_network_id: PUBLIC_NETWORK_ID } },
      SAMPLE,
    );
    cloud.clock.advance(1_000);
    const snap = cloud.snapshot();
    const copy = createCloud({ restore: JSON.parse(JSON.stringify(snap)) });
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(snap));
    for (const c of [cloud, copy]) {
      c.clock.advance(120_000);
      neutron(c, 'POST', 'ports', { port: { network_id: SAMPLE_NETWORK_ID } }, SAMPLE);
    }
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    expect(copy.snapshot().services?.network).toBeDefined();
  });
});
