import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { PUBLIC_NETWORK_ID, ROUTER_ID, SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';
import { ADMIN, cloudWithNetwork, neutron, OTHER } from './helpers.js';

describe('routers', () => {
  it('sets a gateway on public, adds and removes an interface by subnet', () => {
    const { cloud, net, subnet } = cloudWithNetwork('10.0.0.0/24');
    const router = neutron(cloud, 'POST', 'routers', {
      router: { name: 'r1', external_gateway_info: { network_id: PUBLIC_NETWORK_ID } },
    });
    expect(router.status).toBe(201);
    expect(router.body.router).toMatchObject({
      name: 'r1',
      status: 'ACTIVE',
      admin_state_up: true,
    });
    const gw = router.body.router.external_gateway_info;
    expect(gw).toMatchObject({ network_id: PUBLIC_NETWORK_ID, enable_snat: true });
    expect(gw.external_fixed_ips[0].ip_address).toMatch(/^172\.24\.4\.\d+$/);
    const id = router.body.router.id;
    const added = neutron(cloud, 'PUT', `routers/${id}/add_router_interface`, {
      subnet_id: subnet.id,
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({
      id,
      subnet_id: subnet.id,
      network_id: net.id,
      subnet_ids: [subnet.id],
    });
    const port = neutron(cloud, 'GET', `ports/${added.body.port_id}`).body.port;
    expect(port).toMatchObject({
      device_owner: 'network:router_interface',
      device_id: id,
      status: 'ACTIVE',
    });
    expect(port.fixed_ips[0].ip_address).toBe('10.0.0.1');
    const twice = neutron(cloud, 'PUT', `routers/${id}/add_router_interface`, {
      subnet_id: subnet.id,
    });
    expect(twice.status).toBe(400);
    expect(neutron(cloud, 'DELETE', `routers/${id}`).body.NeutronError.type).toBe('RouterInUse');
    expect(neutron(cloud, 'DELETE', `ports/${port.id}`).status).toBe(409);
    const removed = neutron(cloud, 'PUT', `routers/${id}/remove_router_interface`, {
      subnet_id: subnet.id,
    });
    expect(removed.status).toBe(200);
    const missing = neutron(cloud, 'PUT', `routers/${id}/remove_router_interface`, {
      subnet_id: subnet.id,
    });
    expect(missing.body.NeutronError).toMatchObject({
      type: 'RouterInterfaceNotFoundForSubnet',
      message: `Router ${id} has no interface on subnet ${subnet.id}`,
    });
    expect(neutron(cloud, 'DELETE', `routers/${id}`).status).toBe(204);
  });

  it('refuses a gateway on a network that is not external, and leaves nothing behind', () => {
    const { cloud, net } = cloudWithNetwork();
    const before = neutron(cloud, 'GET', 'routers').body.routers.length;
    const res = neutron(cloud, 'POST', 'routers', {
      router: { external_gateway_info: { network_id: net.id } },
    });
    expect(res.status).toBe(400);
    expect(res.body.NeutronError.message).toBe(
      `Bad router request: Network ${net.id} is not an external network.`,
    );
    expect(neutron(cloud, 'GET', 'routers').body.routers).toHaveLength(before);
  });

  it('adds an interface by port and needs exactly one of subnet or port', () => {
    const { cloud, net } = cloudWithNetwork('10.0.0.0/24');
    const router = neutron(cloud, 'POST', 'routers', { router: { name: 'r' } }).body.router;
    const port = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } }).body.port;
    const added = neutron(cloud, 'PUT', `routers/${router.id}/add_router_interface`, {
      port_id: port.id,
    });
    expect(added.body.port_id).toBe(port.id);
    expect(
      neutron(cloud, 'PUT', `routers/${router.id}/add_router_interface`, {}).body.NeutronError
        .message,
    ).toBe('Bad router request: Either subnet_id or port_id must be specified.');
    expect(neutron(cloud, 'GET', `routers/${router.id}`, undefined, OTHER).status).toBe(404);
  });
});

describe('floating IPs', () => {
  it('allocates on public, associates through router1, disassociates', () => {
    const cloud = createCloud();
    const port = neutron(cloud, 'POST', 'ports', { port: { network_id: SAMPLE_NETWORK_ID } }).body
      .port;
    const fip = neutron(cloud, 'POST', 'floatingips', {
      floatingip: { floating_network_id: PUBLIC_NETWORK_ID },
    });
    expect(fip.status).toBe(201);
    expect(fip.body.floatingip).toMatchObject({
      floating_network_id: PUBLIC_NETWORK_ID,
      status: 'DOWN',
      port_id: null,
      fixed_ip_address: null,
      router_id: null,
    });
    expect(fip.body.floatingip.floating_ip_address).toMatch(/^172\.24\.4\.\d+$/);
    const id = fip.body.floatingip.id;
    const associated = neutron(cloud, 'PUT', `floatingips/${id}`, {
      floatingip: { port_id: port.id },
    });
    expect(associated.body.floatingip).toMatchObject({
      port_id: port.id,
      fixed_ip_address: port.fixed_ips[0].ip_address,
      router_id: ROUTER_ID,
      status: 'ACTIVE',
    });
    const dropped = neutron(cloud, 'PUT', `floatingips/${id}`, { floatingip: { port_id: null } });
    expect(dropped.body.floatingip).toMatchObject({
      port_id: null,
      status: 'DOWN',
      router_id: null,
    });
    expect(neutron(cloud, 'GET', `floatingips/${id}`, undefined, OTHER).status).toBe(404);
    expect(neutron(cloud, 'DELETE', `floatingips/${id}`).status).toBe(204);
  });

  it('answers 404 ExternalGatewayForFloatingIPNotFound without a router to the subnet', () => {
    const { cloud, net, subnet } = cloudWithNetwork('10.0.0.0/24');
    const port = neutron(cloud, 'POST', 'ports', { port: { network_id: net.id } }).body.port;
    const res = neutron(cloud, 'POST', 'floatingips', {
      floatingip: { floating_network_id: PUBLIC_NETWORK_ID, port_id: port.id },
    });
    expect(res.status).toBe(404);
    expect(res.body.NeutronError).toEqual({
      type: 'ExternalGatewayForFloatingIPNotFound',
      message: `External network ${PUBLIC_NETWORK_ID} is not reachable from subnet ${subnet.id}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`,
      detail: '',
    });
    expect(neutron(cloud, 'GET', 'floatingips').body.floatingips).toHaveLength(0);
  });

  it('refuses a network that is not external, and fails under a floating-IP fault', () => {
    const cloud = createCloud();
    const bad = neutron(cloud, 'POST', 'floatingips', {
      floatingip: { floating_network_id: SAMPLE_NETWORK_ID },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.NeutronError.message).toBe(
      `Bad floatingip request: Network ${SAMPLE_NETWORK_ID} is not a valid external network.`,
    );
    cloud.addFault({
      kind: 'floating-ip-failure',
      count: 1,
      status: 503,
      type: 'ServiceUnavailable',
      message: 'down',
    });
    const body = { floatingip: { floating_network_id: PUBLIC_NETWORK_ID } };
    expect(neutron(cloud, 'POST', 'floatingips', body).status).toBe(503);
    expect(neutron(cloud, 'POST', 'floatingips', body).status).toBe(201);
  });
});

describe('quotas', () => {
  it('shows defaults, takes an admin PUT, enforces with OverQuota 409, deletes', () => {
    const cloud = createCloud();
    const project = 'demo-project';
    expect(neutron(cloud, 'GET', `quotas/${project}`).body.quota).toMatchObject({
      network: 100,
      subnet: 100,
      port: 500,
      router: 10,
      floatingip: 50,
      security_group: 10,
      security_group_rule: 100,
    });
    expect(neutron(cloud, 'PUT', `quotas/${project}`, { quota: { network: 1 } }).status).toBe(403);
    expect(
      neutron(cloud, 'PUT', `quotas/${project}`, { quota: { network: 1 } }, ADMIN).body.quota
        .network,
    ).toBe(1);
    expect(neutron(cloud, 'POST', 'networks', { network: {} }).status).toBe(201);
    const over = neutron(cloud, 'POST', 'networks', { network: {} });
    expect(over.status).toBe(409);
    expect(over.body.NeutronError).toEqual({
      type: 'OverQuota',
      message: "Quota exceeded for resources: ['network'].",
      detail: '',
    });
    const details = neutron(cloud, 'GET', `quotas/${project}/details`).body.quota;
    expect(details.network).toEqual({ limit: 1, used: 1, reserved: 0 });
    expect(neutron(cloud, 'PUT', `quotas/${project}`, { quota: { bogus: 1 } }, ADMIN).status).toBe(
      400,
    );
    expect(neutron(cloud, 'PUT', `quotas/${project}`, { quota: { port: -2 } }, ADMIN).status).toBe(
      400,
    );
    expect(neutron(cloud, 'DELETE', `quotas/${project}`, undefined, ADMIN).status).toBe(204);
    expect(neutron(cloud, 'POST', 'networks', { network: {} }).status).toBe(201);
    expect(neutron(cloud, 'GET', 'quotas/someone-else').status).toBe(403);
  });
});

describe('extensions and routing', () => {
  it('lists what is implemented and 404s the rest', () => {
    const cloud = createCloud();
    const aliases = neutron(cloud, 'GET', 'extensions').body.extensions.map(
      (e: { alias: string }) => e.alias,
    );
    for (const alias of ['router', 'external-net', 'security-group', 'quotas', 'binding']) {
      expect(aliases).toContain(alias);
    }
    expect(aliases).not.toContain('dvr');
    expect(neutron(cloud, 'GET', 'extensions/dvr').status).toBe(404);
    expect(neutron(cloud, 'GET', 'bogus').status).toBe(404);
    expect(neutron(cloud, 'PATCH', 'networks').status).toBe(405);
    expect(
      cloud.request({ service: 'network', method: 'GET', path: '/' }).body.versions[0].id,
    ).toBe('v2.0');
  });
});
