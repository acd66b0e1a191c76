import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { ADMIN, neutron } from './helpers.js';

// Tempest's test_delete_external_networks_with_floating_ip: deleting an external network
// takes its unassociated floating IPs with it (external_net_db's BEFORE_DELETE handler calls
// the l3 plugin's delete_disassociated_floatingips), and its subnets.
describe('deleting an external network', () => {
  function externalWithFip() {
    const cloud = createCloud();
    const net = neutron(cloud, 'POST', 'networks', { network: { 'router:external': true } }, ADMIN)
      .body.network;
    const subnet = neutron(
      cloud,
      'POST',
      'subnets',
      { subnet: { network_id: net.id, cidr: '10.9.0.0/28', ip_version: 4, enable_dhcp: false } },
      ADMIN,
    ).body.subnet;
    const fip = neutron(
      cloud,
      'POST',
      'floatingips',
      { floatingip: { floating_network_id: net.id } },
      ADMIN,
    ).body.floatingip;
    return { cloud, net, subnet, fip };
  }

  it('deletes its unassociated floating IPs and subnets with it', () => {
    const { cloud, net, subnet, fip } = externalWithFip();
    expect(fip.id).toBeTypeOf('string');
    expect(neutron(cloud, 'DELETE', `networks/${net.id}`, undefined, ADMIN).status).toBe(204);
    expect(neutron(cloud, 'GET', `floatingips/${fip.id}`, undefined, ADMIN).status).toBe(404);
    expect(neutron(cloud, 'GET', `subnets/${subnet.id}`, undefined, ADMIN).status).toBe(404);
    const ports = neutron(cloud, 'GET', `ports?network_id=${net.id}`, undefined, ADMIN).body.ports;
    expect(ports).toEqual([]);
  });

  it('is still a 409 naming the port while another port is on it, and keeps the floating IP', () => {
    const { cloud, net, fip } = externalWithFip();
    const port = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } }, ADMIN).body.port;
    const before = JSON.stringify(cloud.network.snapshot());
    const res = neutron(cloud, 'DELETE', `networks/${net.id}`, undefined, ADMIN);
    expect(res.status).toBe(409);
    expect(res.body.NeutronError.message).toContain(`id for these ports is: ${port.id}.`);
    expect(JSON.stringify(cloud.network.snapshot())).toBe(before);
    expect(neutron(cloud, 'GET', `floatingips/${fip.id}`, undefined, ADMIN).status).toBe(200);
  });
});
