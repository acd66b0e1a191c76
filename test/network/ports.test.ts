import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { ADMIN, cloudWithNetwork, neutron, OTHER } from './helpers.js';

describe('ports', () => {
  it('allocates fixed IPs from the pools in order, never twice', () => {
    const { cloud, net, subnet } = cloudWithNetwork('10.0.0.0/29');
    const ips: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } });
      expect(res.status).toBe(201);
      ips.push(res.body.port.fixed_ips[0].ip_address);
      expect(res.body.port.fixed_ips[0].subnet_id).toBe(subnet.id);
    }
    expect(ips).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    const full = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } });
    expect(full.status).toBe(409);
    expect(full.body.NeutronError).toEqual({
      type: 'IpAddressGenerationFailure',
      message: `No more IP addresses available on network ${net.id}.`,
      detail: '',
    });
    // A freed address is handed out again.
    const holder = neutron(cloud, 'GET', 'ports').body.ports.find(
      (p: { fixed_ips: { ip_address: string }[] }) => p.fixed_ips[0]?.ip_address === '10.0.0.3',
    );
    neutron(cloud, 'DELETE', `ports/${holder.id}`);
    const again = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } });
    expect(again.body.port.fixed_ips[0].ip_address).toBe('10.0.0.3');
  });

  it('gives asked addresses, refuses taken or foreign ones', () => {
    const { cloud, net, subnet } = cloudWithNetwork('10.0.0.0/24');
    const asked = neutron(cloud, 'POST', 'ports', {
      port: { network_id: net.id, fixed_ips: [{ ip_address: '10.0.0.50' }] },
    });
    expect(asked.body.port.fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: '10.0.0.50' }]);
    const taken = neutron(cloud, 'POST', 'ports', {
      port: { network_id: net.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.0.0.50' }] },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.NeutronError.type).toBe('IpAddressAlreadyAllocated');
    const foreign = neutron(cloud, 'POST', 'ports', {
      port: { network_id: net.id, fixed_ips: [{ ip_address: '192.0.2.1' }] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.NeutronError.message).toBe(
      'IP address 192.0.2.1 is not a valid IP for any of the subnets on the specified network.',
    );
  });

  it('makes MACs in fa:16:3e from the seeded PRNG, the same for the same seed', () => {
    const macs = () => {
      const { cloud, net } = cloudWithNetwork('10.0.0.0/24');
      return [1, 2, 3].map(
        () =>
          neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } }).body.port.mac_address,
      );
    };
    const a = macs();
    for (const mac of a) expect(mac).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    expect(new Set(a).size).toBe(3);
    expect(macs()).toEqual(a);
  });

  it('starts DOWN and unbound, with the default security group', () => {
    const { cloud, net } = cloudWithNetwork();
    const port = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id, name: 'p' } }).body
      .port;
    expect(port).toMatchObject({
      status: 'DOWN',
      'binding:host_id': '',
      'binding:vif_type': 'unbound',
      'binding:vnic_type': 'normal',
      device_id: '',
      device_owner: '',
    });
    const groups = neutron(cloud, 'GET', 'security-groups').body.security_groups;
    expect(port.security_groups).toEqual([groups[0].id]);
    expect(groups[0].name).toBe('default');
  });

  it('keeps binding:host_id for admins, and isolates projects', () => {
    const { cloud, net } = cloudWithNetwork();
    const bound = neutron(cloud, 'POST', 'ports', {
      port: { network_id: net.id, 'binding:host_id': 'compute-1' },
    });
    expect(bound.status).toBe(403);
    expect(bound.body.NeutronError.message).toBe(
      'rule:create_port:binding:host_id is disallowed by policy',
    );
    const port = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } }).body.port;
    expect(neutron(cloud, 'GET', `ports/${port.id}`, undefined, OTHER).status).toBe(404);
    expect(neutron(cloud, 'PUT', `ports/${port.id}`, { port: { name: 'x' } }, OTHER).status).toBe(
      404,
    );
    const asAdmin = neutron(
      cloud,
      'PUT',
      `ports/${port.id}`,
      { port: { 'binding:host_id': 'compute-1' } },
      ADMIN,
    );
    expect(asAdmin.body.port).toMatchObject({
      'binding:host_id': 'compute-1',
      'binding:vif_type': 'ovs',
    });
  });

  it("can't be made on another project's private network", () => {
    const { cloud, net } = cloudWithNetwork();
    const res = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } }, OTHER);
    expect(res.status).toBe(404);
    expect(res.body.NeutronError.type).toBe('NetworkNotFound');
  });

  it('fails the next create under a port-create fault rule, then works', () => {
    const cloud = createCloud();
    cloud.addFault({ kind: 'port-create-failure', count: 1 });
    const body = { port: { network_id: '3cb9bc59-5699-4588-a4b1-b87f96708bc6' } };
    const failed = neutron(cloud, 'POST', 'ports', body);
    expect(failed.status).toBe(500);
    expect(failed.body.NeutronError.type).toBe('HTTPInternalServerError');
    expect(neutron(cloud, 'POST', 'ports', body).status).toBe(201);
  });
});

describe('port listing', () => {
  it('filters on fixed_ips by ip_address or subnet_id, and on device_owner', () => {
    const { cloud, net, subnet } = cloudWithNetwork('10.0.0.0/24');
    for (let i = 0; i < 3; i++) neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } });
    const byIp = neutron(cloud, 'GET', 'ports?fixed_ips=ip_address%3D10.0.0.3').body.ports;
    expect(
      byIp.map((p: { fixed_ips: { ip_address: string }[] }) => p.fixed_ips[0]?.ip_address),
    ).toEqual(['10.0.0.3']);
    expect(
      neutron(cloud, 'GET', `ports?fixed_ips=subnet_id%3D${subnet.id}`).body.ports,
    ).toHaveLength(3);
    expect(neutron(cloud, 'GET', 'ports?fixed_ips=ip_address%3D10.0.0.99').body.ports).toHaveLength(
      0,
    );
    expect(neutron(cloud, 'GET', 'ports?device_owner=compute:nova').body.ports).toHaveLength(0);
  });
});
