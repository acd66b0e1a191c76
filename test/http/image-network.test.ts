import { describe, expect, it } from 'vitest';
import { IMAGE_ID, NETWORK_ID, serve, serverBody } from './helpers.js';

describe('Image v2 (Glance)', () => {
  it('lists versions at the unversioned URL without a token', async () => {
    const { call, server } = await serve();
    const res = await call('/image');
    expect(res.status).toBe(300);
    expect(res.body.versions[0]).toEqual({
      id: 'v2.16',
      status: 'CURRENT',
      links: [{ rel: 'self', href: `${server.endpoints.image}/v2/` }],
    });
  });

  it('lists and shows images in Glance shapes', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const list = await call('/image/v2/images', { token: demo });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ schema: '/v2/schemas/images', first: '/v2/images' });
    expect(list.body.images).toHaveLength(6);
    const show = await call(`/image/v2/images/${IMAGE_ID}`, { token: demo });
    expect(show.body).toMatchObject({
      id: IMAGE_ID,
      name: 'fakeimage7',
      status: 'active',
      visibility: 'public',
      disk_format: 'qcow2',
      container_format: 'bare',
      min_disk: 0,
      min_ram: 0,
      size: 25165824,
      architecture: 'x86_64',
      self: `/v2/images/${IMAGE_ID}`,
      file: `/v2/images/${IMAGE_ID}/file`,
      schema: '/v2/schemas/image',
      protected: false,
      tags: [],
    });
    expect(show.body.created_at).toBe('2026-01-01T00:00:00Z');
    expect(show.body.checksum).toMatch(/^[0-9a-f]{32}$/);
  });

  it('filters by name, id and property, and pages with limit and marker', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const byName = await call('/image/v2/images?name=fakeimage7', { token: demo });
    expect(byName.body.images.map((i: { id: string }) => i.id)).toEqual([IMAGE_ID]);
    const byIds = await call(`/image/v2/images?id=in:${IMAGE_ID},nope`, { token: demo });
    expect(byIds.body.images).toHaveLength(1);
    const byProperty = await call('/image/v2/images?auto_disk_config=False', { token: demo });
    expect(byProperty.body.images.map((i: { name: string }) => i.name)).toEqual(['fakeimage6']);
    const page = await call('/image/v2/images?limit=4', { token: demo });
    expect(page.body.images).toHaveLength(4);
    const next = page.body.next as string;
    expect(next).toMatch(/^\/v2\/images\?limit=4&marker=/);
    const rest = await call(`/image${next}`, { token: demo });
    expect(rest.body.images).toHaveLength(2);
    expect(rest.body.next).toBeUndefined();
  });

  it("404s an unknown image in Glance's words, creates images, and wants a token", async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const res = await call('/image/v2/images/nope', { token: demo });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      code: '404 Not Found',
      title: 'Not Found',
      message: 'No image found with ID nope',
    });
    const created = await call('/image/v2/images', { token: demo, method: 'POST', body: '{}' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'queued', visibility: 'shared', name: null });
    expect((await call('/image/v2/images')).status).toBe(401);
  });
});

describe('Network v2.0 (read-only Neutron)', () => {
  it('lists versions without a token', async () => {
    const { call, server } = await serve();
    const res = await call('/network/');
    expect(res.body.versions).toEqual([
      {
        id: 'v2.0',
        status: 'CURRENT',
        links: [{ rel: 'self', href: `${server.endpoints.network}/v2.0/` }],
      },
    ]);
  });

  it('serves networks and subnets, filtered by name or id', async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const all = await call('/network/v2.0/networks', { token: demo });
    expect(all.body.networks).toHaveLength(1);
    const [network] = all.body.networks;
    expect(network).toMatchObject({
      id: NETWORK_ID,
      name: 'private',
      status: 'ACTIVE',
      shared: true,
      admin_state_up: true,
    });
    expect(
      (await call('/network/v2.0/networks?name=private', { token: demo })).body.networks,
    ).toHaveLength(1);
    expect(
      (await call('/network/v2.0/networks?name=public', { token: demo })).body.networks,
    ).toHaveLength(0);
    expect(
      (await call(`/network/v2.0/networks?id=${NETWORK_ID}`, { token: demo })).body.networks,
    ).toHaveLength(1);
    const one = await call(`/network/v2.0/networks/${NETWORK_ID}`, { token: demo });
    expect(one.body.network.id).toBe(NETWORK_ID);
    const subnet = await call(`/network/v2.0/subnets/${network.subnets[0]}`, { token: demo });
    expect(subnet.body.subnet).toMatchObject({
      network_id: NETWORK_ID,
      cidr: '192.168.1.0/24',
      gateway_ip: '192.168.1.1',
      ip_version: 4,
      allocation_pools: [{ start: '192.168.1.2', end: '192.168.1.254' }],
    });
    const fields = await call('/network/v2.0/networks?fields=id&fields=name', { token: demo });
    expect(fields.body.networks).toEqual([{ id: NETWORK_ID, name: 'private' }]);
  });

  it('lists one port per server address, per project', async () => {
    const { call, token, server } = await serve();
    const demo = await token('demo');
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: serverBody('p1'),
    });
    const id = created.body.server.id;
    server.cloud.clock.advance(60_000);
    const shown = (await call(`/compute/v2.1/servers/${id}`, { token: demo })).body.server;
    const [address] = shown.addresses.private;
    const ports = await call(`/network/v2.0/ports?device_id=${id}`, { token: demo });
    expect(ports.body.ports).toHaveLength(1);
    const [port] = ports.body.ports;
    expect(port).toMatchObject({
      device_id: id,
      device_owner: 'compute:nova',
      network_id: NETWORK_ID,
      mac_address: address['OS-EXT-IPS-MAC:mac_addr'],
      fixed_ips: [{ ip_address: address.addr }],
      status: 'ACTIVE',
    });
    const byId = await call(`/network/v2.0/ports/${port.id}`, { token: demo });
    expect(byId.body.port.id).toBe(port.id);
    const admin = await token('admin');
    expect((await call('/network/v2.0/ports', { token: admin })).body.ports).toHaveLength(1);
    const group = await call(`/network/v2.0/security-groups/${port.security_groups[0]}`, {
      token: demo,
    });
    expect(group.body.security_group).toMatchObject({
      name: 'default',
      description: 'Default security group',
    });
    const groups = await call('/network/v2.0/security-groups?name=default', { token: demo });
    expect(groups.body.security_groups).toHaveLength(1);
    expect(groups.body.security_groups[0].security_group_rules).toHaveLength(4);
  });

  it("404s unknown things in Neutron's shape, and refuses writes", async () => {
    const { call, token } = await serve();
    const demo = await token('demo');
    const res = await call('/network/v2.0/networks/nope', { token: demo });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      NeutronError: {
        type: 'NetworkNotFound',
        message: 'Network nope could not be found.',
        detail: '',
      },
    });
    expect((await call('/network/v2.0/ports/nope', { token: demo })).body.NeutronError.type).toBe(
      'PortNotFound',
    );
    expect(
      (await call('/network/v2.0/networks', { token: demo, method: 'POST', body: '{}' })).status,
    ).toBe(405);
    expect((await call('/network/v2.0/networks')).status).toBe(401);
  });
});
