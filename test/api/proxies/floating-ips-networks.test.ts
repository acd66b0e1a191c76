import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { SAMPLE_NETWORK_ID } from '../../../src/network/defaults.js';
import { call, newCloud } from '../catalog/helpers.js';

type Json = Record<string, unknown>;

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function allocate(cloud: Cloud, body?: unknown) {
  return call(cloud, 'POST', 'os-floating-ips', body === undefined ? {} : { body });
}

function boot(cloud: Cloud): string {
  const res = call(cloud, 'POST', 'servers', {
    body: { server: { name: 'fip', imageRef: IMAGE, flavorRef: '1' } },
  });
  cloud.clock.advance(120_000);
  return (res.body as { server: { id: string } }).server.id;
}

describe('os-floating-ips (proxy to Neutron up to 2.35)', () => {
  it('allocates from the default pool (public) and lists and shows it', () => {
    const cloud = newCloud();
    const res = allocate(cloud);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const fip = (res.body as { floating_ip: Json }).floating_ip;
    expect(fip).toMatchObject({ pool: 'public', fixed_ip: null, instance_id: null });
    expect(String(fip.ip)).toMatch(/^172\.24\.4\./);
    const list = call(cloud, 'GET', 'os-floating-ips');
    expect((list.body as { floating_ips: Json[] }).floating_ips).toEqual([fip]);
    const shown = call(cloud, 'GET', `os-floating-ips/${String(fip.id)}`);
    expect((shown.body as { floating_ip: Json }).floating_ip).toEqual(fip);
  });

  it('shows the instance and fixed address once associated', () => {
    const cloud = newCloud();
    const server = boot(cloud);
    const fip = (allocate(cloud, { pool: 'public' }).body as { floating_ip: Json }).floating_ip;
    const assoc = call(cloud, 'POST', `servers/${server}/action`, {
      body: { addFloatingIp: { address: fip.ip } },
    });
    expect(assoc.status, JSON.stringify(assoc.body)).toBe(202);
    const shown = call(cloud, 'GET', `os-floating-ips/${String(fip.id)}`);
    const view = (shown.body as { floating_ip: Json }).floating_ip;
    expect(view.instance_id).toBe(server);
    expect(String(view.fixed_ip)).toMatch(/^192\.168\./);
  });

  it('answers 404 for an unknown pool, with Nova’s message', () => {
    const cloud = newCloud();
    const res = allocate(cloud, { pool: 'nowhere' });
    expect(res.body).toEqual({
      itemNotFound: { code: 404, message: 'Floating IP pool not found.' },
    });
  });

  it('releases with 202, then answers 404 for the id', () => {
    const cloud = newCloud();
    const fip = (allocate(cloud).body as { floating_ip: Json }).floating_ip;
    expect(call(cloud, 'DELETE', `os-floating-ips/${String(fip.id)}`).status).toBe(202);
    const res = call(cloud, 'GET', `os-floating-ips/${String(fip.id)}`);
    expect(res.body).toEqual({
      itemNotFound: { code: 404, message: `Floating IP not found for ID ${String(fip.id)}` },
    });
  });

  it('releases an associated address and the server loses it', () => {
    const cloud = newCloud();
    const server = boot(cloud);
    const fip = (allocate(cloud).body as { floating_ip: Json }).floating_ip;
    call(cloud, 'POST', `servers/${server}/action`, {
      body: { addFloatingIp: { address: fip.ip } },
    });
    expect(call(cloud, 'DELETE', `os-floating-ips/${String(fip.id)}`).status).toBe(202);
    const addresses = cloud.compute.get(server)!.addresses;
    expect(addresses.some((a) => a.type === 'floating')).toBe(false);
  });

  it('answers 400 for a pool of the wrong type and 404 at 2.36', () => {
    const cloud = newCloud();
    expect(allocate(cloud, { pool: 5 }).status).toBe(400);
    expect(call(cloud, 'GET', 'os-floating-ips', { version: '2.36' }).status).toBe(404);
  });

  it('lists the external networks as pools for anyone', () => {
    const cloud = newCloud();
    const res = cloud.request({
      method: 'GET',
      path: '/v2.1/os-floating-ip-pools',
      auth: { roles: ['reader'] },
    });
    expect(res.body).toEqual({ floating_ip_pools: [{ name: 'public' }] });
  });
});

describe('addFloatingIp and removeFloatingIp (up to 2.43)', () => {
  it('answers 404 with Nova’s address message for an unknown address on remove', () => {
    const cloud = newCloud();
    const server = boot(cloud);
    const res = call(cloud, 'POST', `servers/${server}/action`, {
      body: { removeFloatingIp: { address: '172.24.4.200' } },
    });
    expect(res.body).toEqual({
      itemNotFound: { code: 404, message: 'Floating IP not found for address 172.24.4.200.' },
    });
  });

  it('authorizes remove on the project of the server holding the address, as Nova does', () => {
    const cloud = newCloud();
    const server = boot(cloud);
    const fip = (allocate(cloud).body as { floating_ip: Json }).floating_ip;
    const remove = (admin: boolean) =>
      call(cloud, 'POST', `servers/${server}/action`, {
        admin,
        body: { removeFloatingIp: { address: fip.ip } },
      });
    // Not on any server: the policy target has no project, so only an admin gets through.
    expect(remove(false).status).toBe(403);
    expect(remove(true).body).toEqual({
      conflictingRequest: {
        code: 409,
        message: `Floating IP ${String(fip.ip)} is not associated with instance ${server}.`,
      },
    });
  });

  it('refuses addFloatingIp to a reader (policy), and is gone at 2.44', () => {
    const cloud = newCloud();
    const server = boot(cloud);
    const fip = (allocate(cloud).body as { floating_ip: Json }).floating_ip;
    const asReader = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${server}/action`,
      auth: { roles: ['reader'] },
      body: { addFloatingIp: { address: fip.ip } },
    });
    expect(asReader.status).toBe(403);
    expect(JSON.stringify(asReader.body)).toContain('os_compute_api:os-floating-ips:add');
    const late = call(cloud, 'POST', `servers/${server}/action`, {
      version: '2.44',
      body: { addFloatingIp: { address: fip.ip } },
    });
    expect(late.status).toBe(404);
  });
});

describe('os-networks and os-tenant-networks (reads of Neutron up to 2.35)', () => {
  it('lists networks in nova-network’s shape: id and label, the rest null', () => {
    const cloud = newCloud();
    const res = call(cloud, 'GET', 'os-networks');
    const nets = (res.body as { networks: Json[] }).networks;
    const priv = nets.find((n) => n.id === SAMPLE_NETWORK_ID)!;
    expect(priv.label).toBe('private');
    expect(priv.cidr).toBeNull();
    expect(Object.keys(priv)).toHaveLength(11);
    const admin = call(cloud, 'GET', `os-networks/${SAMPLE_NETWORK_ID}`, { admin: true });
    expect(Object.keys((admin.body as { network: Json }).network)).toHaveLength(32);
  });

  it('shows a tenant network with the string None as cidr', () => {
    const cloud = newCloud();
    const res = call(cloud, 'GET', `os-tenant-networks/${SAMPLE_NETWORK_ID}`);
    expect(res.body).toEqual({
      network: { id: SAMPLE_NETWORK_ID, cidr: 'None', label: 'private' },
    });
  });

  it('answers Network not found for an unknown id', () => {
    const cloud = newCloud();
    for (const path of ['os-networks/nope', 'os-tenant-networks/nope']) {
      expect(call(cloud, 'GET', path).body).toEqual({
        itemNotFound: { code: 404, message: 'Network not found' },
      });
    }
  });

  it('answers 410 to the removed writes at every version, 404 to reads from 2.36', () => {
    const cloud = newCloud();
    for (const version of ['2.1', '2.36', '2.90']) {
      expect(call(cloud, 'POST', 'os-tenant-networks', { version, body: {} }).status).toBe(410);
      expect(call(cloud, 'DELETE', 'os-tenant-networks/x', { version }).status).toBe(410);
    }
    expect(call(cloud, 'GET', 'os-tenant-networks', { version: '2.36' }).status).toBe(404);
    expect(call(cloud, 'GET', 'os-networks', { version: '2.36' }).status).toBe(404);
  });

  it('answers 410 for os-virtual-interfaces, whatever the server', () => {
    const cloud = newCloud();
    for (const version of ['2.1', '2.12', '2.44']) {
      expect(call(cloud, 'GET', 'servers/nope/os-virtual-interfaces', { version }).status).toBe(
        410,
      );
    }
  });
});
