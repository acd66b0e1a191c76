import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { ADMIN, cloudWithNetwork, DEMO, neutron, OTHER } from './helpers.js';

describe('networks', () => {
  it('creates, shows, updates and deletes with Neutron defaults', () => {
    const cloud = createCloud();
    const created = neutron(cloud, 'POST', 'networks', { network: { name: 'n1' } });
    expect(created.status).toBe(201);
    expect(created.body.network).toMatchObject({
      name: 'n1',
      status: 'ACTIVE',
      admin_state_up: true,
      shared: false,
      'router:external': false,
      mtu: 1442,
      subnets: [],
      project_id: DEMO.projectId,
      tenant_id: DEMO.projectId,
      revision_number: 1,
      created_at: '2026-01-01T00:00:00Z',
    });
    const id = created.body.network.id;
    const updated = neutron(cloud, 'PUT', `networks/${id}`, { network: { name: 'n2', mtu: 1400 } });
    expect(updated.body.network).toMatchObject({ name: 'n2', mtu: 1400, revision_number: 2 });
    expect(neutron(cloud, 'DELETE', `networks/${id}`).status).toBe(204);
    expect(neutron(cloud, 'GET', `networks/${id}`).body.NeutronError.type).toBe('NetworkNotFound');
  });

  it('keeps shared and router:external for admins (policy 403)', () => {
    const cloud = createCloud();
    const res = neutron(cloud, 'POST', 'networks', { network: { name: 'x', shared: true } });
    expect(res.status).toBe(403);
    expect(res.body.NeutronError).toEqual({
      type: 'PolicyNotAuthorized',
      message: 'rule:create_network:shared is disallowed by policy',
      detail: '',
    });
    const ext = neutron(cloud, 'POST', 'networks', { network: { 'router:external': true } }, ADMIN);
    expect(ext.status).toBe(201);
    expect(ext.body.network['router:external']).toBe(true);
  });

  it('isolates projects: another project gets 404, admin sees all', () => {
    const { cloud, net } = cloudWithNetwork();
    expect(neutron(cloud, 'GET', `networks/${net.id}`, undefined, OTHER).status).toBe(404);
    expect(neutron(cloud, 'DELETE', `networks/${net.id}`, undefined, OTHER).status).toBe(404);
    const names = (auth = OTHER) =>
      neutron(cloud, 'GET', 'networks', undefined, auth).body.networks.map(
        (n: { name: string }) => n.name,
      );
    expect(names()).toEqual(['private', 'public']);
    expect(names(ADMIN)).toEqual(['private', 'public', 'net1']);
  });

  it('rejects unknown attributes and bad values, changing nothing', () => {
    const cloud = createCloud();
    const before = JSON.stringify(cloud.network.snapshot());
    const unknown = neutron(cloud, 'POST', 'networks', { network: { colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.NeutronError.message).toBe("Unrecognized attribute(s) 'colour'");
    expect(neutron(cloud, 'POST', 'networks', { network: { name: 7 } }).status).toBe(400);
    expect(neutron(cloud, 'POST', 'networks', 'not json').status).toBe(400);
    expect(neutron(cloud, 'POST', 'networks', []).status).toBe(400);
    expect(JSON.stringify(cloud.network.snapshot())).toBe(before);
  });

  it('filters on any field with repeated values, projects fields, pages', () => {
    const cloud = createCloud();
    for (const name of ['a', 'b', 'c']) neutron(cloud, 'POST', 'networks', { network: { name } });
    const some = neutron(cloud, 'GET', 'networks?name=a&name=c&fields=name').body.networks;
    expect(some).toEqual([{ name: 'a' }, { name: 'c' }]);
    const page = neutron(cloud, 'GET', 'networks?limit=2').body;
    expect(page.networks).toHaveLength(2);
    expect(page.networks_links[0].rel).toBe('next');
    const next = neutron(cloud, 'GET', page.networks_links[0].href.replace('/v2.0/', '')).body;
    // Page one is DevStack's private and public; then the project's own, in creation order.
    expect(next.networks.map((n: { name: string }) => n.name)).toEqual(['a', 'b']);
    expect(neutron(cloud, 'GET', 'networks?shared=True').body.networks).toHaveLength(1);
  });

  it('refuses to delete a network with ports in use (NetworkInUse 409)', () => {
    const { cloud, net } = cloudWithNetwork();
    const port = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } }).body.port;
    const res = neutron(cloud, 'DELETE', `networks/${net.id}`);
    expect(res.status).toBe(409);
    // db_base_plugin_v2's _ensure_network_not_in_use names the ports.
    expect(res.body.NeutronError.message).toBe(
      `Unable to complete operation on network ${net.id}. There are one or more ports still in use on the network, id for these ports is: ${port.id}.`,
    );
  });
});

describe('subnets', () => {
  it('defaults the gateway and pools, and lists the subnet on its network', () => {
    const { cloud, net, subnet } = cloudWithNetwork('10.0.0.0/24');
    expect(subnet).toMatchObject({
      network_id: net.id,
      ip_version: 4,
      cidr: '10.0.0.0/24',
      gateway_ip: '10.0.0.1',
      allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.254' }],
      enable_dhcp: true,
      dns_nameservers: [],
    });
    expect(neutron(cloud, 'GET', `networks/${net.id}`).body.network.subnets).toEqual([subnet.id]);
  });

  it('takes given pools, IPv6, no gateway, nameservers', () => {
    const { cloud, net } = cloudWithNetwork();
    const v6 = neutron(cloud, 'POST', 'subnets', {
      subnet: {
        network_id: net.id,
        ip_version: 6,
        cidr: '2001:db8::/64',
        ipv6_address_mode: 'slaac',
        ipv6_ra_mode: 'slaac',
        dns_nameservers: ['2001:4860:4860::8888'],
      },
    });
    expect(v6.status).toBe(201);
    expect(v6.body.subnet).toMatchObject({
      gateway_ip: '2001:db8::1',
      allocation_pools: [{ start: '2001:db8::2', end: '2001:db8::ffff:ffff:ffff:ffff' }],
      ipv6_address_mode: 'slaac',
    });
    const net2 = neutron(cloud, 'POST', 'networks', { network: {} }).body.network;
    const pooled = neutron(cloud, 'POST', 'subnets', {
      subnet: {
        network_id: net2.id,
        ip_version: 4,
        cidr: '10.1.0.0/24',
        gateway_ip: null,
        allocation_pools: [{ start: '10.1.0.100', end: '10.1.0.110' }],
      },
    }).body.subnet;
    expect(pooled).toMatchObject({
      gateway_ip: null,
      allocation_pools: [{ start: '10.1.0.100', end: '10.1.0.110' }],
    });
  });

  it('validates pools, CIDRs and overlaps', () => {
    const { cloud, net } = cloudWithNetwork('10.0.0.0/24');
    const post = (subnet: Record<string, unknown>) =>
      neutron(cloud, 'POST', 'subnets', {
        subnet: { network_id: net.id, ip_version: 4, ...subnet },
      }).body.NeutronError;
    expect(post({ cidr: '10.0.0.128/25' })).toMatchObject({
      type: 'InvalidInput',
      message: `Invalid input for operation: Requested subnet with cidr: 10.0.0.128/25 for network: ${net.id} overlaps with another subnet.`,
    });
    expect(
      post({ cidr: '10.2.0.0/24', allocation_pools: [{ start: '10.2.0.10', end: '10.3.0.1' }] }),
    ).toMatchObject({
      type: 'OutOfBoundsAllocationPool',
      message: 'The allocation pool 10.2.0.10-10.3.0.1 spans beyond the subnet cidr 10.2.0.0/24.',
    });
    expect(
      post({ cidr: '10.2.0.0/24', allocation_pools: [{ start: '10.2.0.1', end: '10.2.0.9' }] })
        .type,
    ).toBe('GatewayConflictWithAllocationPools');
    expect(
      post({
        cidr: '10.2.0.0/24',
        allocation_pools: [
          { start: '10.2.0.10', end: '10.2.0.20' },
          { start: '10.2.0.15', end: '10.2.0.30' },
        ],
      }).type,
    ).toBe('OverlappingAllocationPools');
    expect(
      post({ cidr: '10.2.0.0/24', allocation_pools: [{ start: '10.2.0.20', end: '10.2.0.10' }] })
        .type,
    ).toBe('InvalidAllocationPool');
    expect(post({ cidr: 'banana' }).message).toBe(
      "Invalid input for cidr. Reason: 'banana' is not a valid IP subnet.",
    );
    expect(post({ cidr: '2001:db8::/64' }).message).toBe(
      'Invalid input for operation: Cidr and IP version are incompatible.',
    );
  });

  it("is another project's 404, and can't be deleted while ports use it", () => {
    const { cloud, net, subnet } = cloudWithNetwork();
    expect(neutron(cloud, 'GET', `subnets/${subnet.id}`, undefined, OTHER).status).toBe(404);
    neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } });
    const res = neutron(cloud, 'DELETE', `subnets/${subnet.id}`);
    expect(res.status).toBe(409);
    expect(res.body.NeutronError.type).toBe('SubnetInUse');
  });
});
