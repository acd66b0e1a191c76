import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { neutron } from './helpers.js';

const ROUTES = [
  { destination: '10.20.0.0/32', nexthop: '10.100.1.1' },
  { destination: '10.30.0.0/16', nexthop: '10.100.1.2' },
];

function network(cloud: ReturnType<typeof createCloud>): string {
  return neutron(cloud, 'POST', 'networks', { network: { name: 'n' } }).body.network.id;
}

const subnet = (cloud: ReturnType<typeof createCloud>, extra: Record<string, unknown>) =>
  neutron(cloud, 'POST', 'subnets', {
    subnet: { network_id: network(cloud), cidr: '10.100.0.0/24', ip_version: 4, ...extra },
  });

// Tempest's test_create_delete_subnet_all_attributes and test_update_subnet_gw_dns_host_routes_dhcp:
// Neutron keeps a subnet's host routes (neutron/db/ipam_backend_mixin.py) and checks them with
// neutron_lib's validate_hostroutes and the plugin's _validate_subnet.
describe('subnet host routes and nameservers', () => {
  it('keeps host routes on create and replaces them on update', () => {
    const cloud = createCloud();
    const created = subnet(cloud, { host_routes: ROUTES, dns_nameservers: ['8.8.4.4'] });
    expect(created.status).toBe(201);
    expect(created.body.subnet.host_routes).toEqual(ROUTES);
    const id = created.body.subnet.id;
    const next = [{ destination: '10.40.0.0/24', nexthop: '10.100.1.3' }];
    const updated = neutron(cloud, 'PUT', `subnets/${id}`, { subnet: { host_routes: next } });
    expect(updated.status).toBe(200);
    expect(updated.body.subnet.host_routes).toEqual(next);
    expect(updated.body.subnet.dns_nameservers).toEqual(['8.8.4.4']);
    expect(neutron(cloud, 'GET', `subnets/${id}`).body.subnet.host_routes).toEqual(next);
  });

  it('keeps them through a snapshot', () => {
    const cloud = createCloud();
    const id = subnet(cloud, { host_routes: ROUTES }).body.subnet.id;
    const copy = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    expect(neutron(copy, 'GET', `subnets/${id}`).body.subnet.host_routes).toEqual(ROUTES);
  });

  it.each([
    [
      [{ destination: '10.20.0.1/24', nexthop: '10.100.1.1' }],
      "Invalid input for host_routes. Reason: '10.20.0.1/24' is not a recognized CIDR, '10.20.0.0/24' is recommended.",
    ],
    [
      [{ destination: '10.20.0.0/24', nexthop: 'x' }],
      "Invalid input for host_routes. Reason: 'x' is not a valid IP address.",
    ],
    [
      [ROUTES[0], { nexthop: '10.100.1.1', destination: '10.20.0.0/32' }],
      "Invalid input for host_routes. Reason: Duplicate hostroute '{'nexthop': '10.100.1.1', 'destination': '10.20.0.0/32'}'.",
    ],
    [
      [{ destination: '127.0.0.0/8', nexthop: '10.100.1.1' }],
      "Invalid input for host_routes. Reason: '127.0.0.0/8' is not a routable CIDR.",
    ],
  ])('answers 400 to bad routes %j, creating nothing', (routes, message) => {
    const cloud = createCloud();
    const id = network(cloud);
    const before = JSON.stringify(cloud.network.snapshot());
    const res = neutron(cloud, 'POST', 'subnets', {
      subnet: { network_id: id, cidr: '10.100.0.0/24', ip_version: 4, host_routes: routes },
    });
    expect(res.status).toBe(400);
    expect(res.body.NeutronError).toEqual({ type: 'HTTPBadRequest', message, detail: '' });
    expect(JSON.stringify(cloud.network.snapshot())).toBe(before);
  });

  it('checks the routes and nameservers against the subnet: IP version, limits', () => {
    const cloud = createCloud();
    const v6 = subnet(cloud, {
      host_routes: [{ destination: '2001:db8::/64', nexthop: '10.100.1.1' }],
    });
    expect(v6.status).toBe(400);
    expect(v6.body.NeutronError).toEqual({
      type: 'InvalidInput',
      message:
        "Invalid input for operation: destination '2001:db8::/64' does not match the ip_version '4'.",
      detail: '',
    });
    const many = Array.from({ length: 21 }, (_, i) => ({
      destination: `10.${i}.0.0/16`,
      nexthop: '10.100.1.1',
    }));
    const over = subnet(cloud, { host_routes: many });
    expect(over.status).toBe(400);
    expect(over.body.NeutronError.type).toBe('HostRoutesExhausted');
    expect(over.body.NeutronError.message).toBe(
      'Unable to complete operation for new subnet. The number of host routes exceeds the limit 20.',
    );
    const dns = subnet(cloud, {
      dns_nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4', '1.1.1.5', '1.1.1.6'],
    });
    expect(dns.body.NeutronError.type).toBe('DNSNameServersExhausted');
    const dns6 = subnet(cloud, { dns_nameservers: ['2001:4860:4860::8888'] });
    expect(dns6.body.NeutronError.message).toBe(
      "Invalid input for operation: dns_nameserver '2001:4860:4860::8888' does not match the ip_version '4'.",
    );
    const bad = subnet(cloud, { dns_nameservers: ['8.8.8.8', '8.8.8.8'] });
    expect(bad.body.NeutronError).toEqual({
      type: 'HTTPBadRequest',
      message: "Invalid input for dns_nameservers. Reason: Duplicate nameserver '8.8.8.8'.",
      detail: '',
    });
  });
});
