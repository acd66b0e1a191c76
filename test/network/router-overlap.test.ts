import { describe, expect, it } from 'vitest';
import { PUBLIC_NETWORK_ID } from '../../src/network/defaults.js';
import { cloudWithNetwork, neutron } from './helpers.js';

// Tempest's test_add_router_interfaces_on_overlapping_subnets_returns_400: l3_db's
// _check_for_dup_router_subnets refuses a subnet that overlaps one the router already has,
// the gateway network's subnets included.
describe('router interfaces on overlapping subnets', () => {
  function twoNetworks(cidr2: string) {
    const { cloud, subnet } = cloudWithNetwork('10.0.0.0/24');
    const net2 = neutron(cloud, 'POST', 'networks', { network: { name: 'n2' } }).body.network;
    const subnet2 = neutron(cloud, 'POST', 'subnets', {
      subnet: { network_id: net2.id, cidr: cidr2, ip_version: 4 },
    }).body.subnet;
    const router = neutron(cloud, 'POST', 'routers', { router: { name: 'r' } }).body.router;
    return { cloud, subnet, subnet2, router };
  }

  it('answers 400 to a second subnet that overlaps the first, adding no port', () => {
    const { cloud, subnet, subnet2, router } = twoNetworks('10.0.0.0/25');
    const path = `routers/${router.id}/add_router_interface`;
    expect(neutron(cloud, 'PUT', path, { subnet_id: subnet.id }).status).toBe(200);
    const before = JSON.stringify(cloud.network.snapshot());
    const res = neutron(cloud, 'PUT', path, { subnet_id: subnet2.id });
    expect(res.status).toBe(400);
    expect(res.body.NeutronError).toEqual({
      type: 'BadRequest',
      message: `Bad router request: Cidr 10.0.0.0/25 of subnet ${subnet2.id} overlaps with cidr 10.0.0.0/24 of subnet ${subnet.id}.`,
      detail: '',
    });
    expect(JSON.stringify(cloud.network.snapshot())).toBe(before);
  });

  it('counts the gateway network subnets, and lets a disjoint subnet in', () => {
    const { cloud, subnet2, router } = twoNetworks('172.24.4.0/28');
    neutron(cloud, 'PUT', `routers/${router.id}`, {
      router: { external_gateway_info: { network_id: PUBLIC_NETWORK_ID } },
    });
    const res = neutron(cloud, 'PUT', `routers/${router.id}/add_router_interface`, {
      subnet_id: subnet2.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.NeutronError.message).toMatch(
      /^Bad router request: Cidr 172\.24\.4\.0\/28 of subnet/,
    );
    const { cloud: c2, subnet: s1, subnet2: s2, router: r2 } = twoNetworks('10.1.0.0/24');
    const path = `routers/${r2.id}/add_router_interface`;
    expect(neutron(c2, 'PUT', path, { subnet_id: s1.id }).status).toBe(200);
    expect(neutron(c2, 'PUT', path, { subnet_id: s2.id }).status).toBe(200);
  });
});
