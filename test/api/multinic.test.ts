import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../src/cloud.js';
import { PUBLIC_NETWORK_ID, SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';
import { call, newCloud, PROJECT } from './catalog/helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function boot(cloud: Cloud): string {
  const res = call(cloud, 'POST', 'servers', {
    body: {
      server: {
        name: 'nic',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: [{ uuid: SAMPLE_NETWORK_ID }],
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(120_000);
  return (res.body as { server: { id: string } }).server.id;
}

function addresses(cloud: Cloud, server: string): string[] {
  const res = call(cloud, 'GET', `servers/${server}/ips`);
  const byNetwork = (res.body as { addresses: Record<string, { addr: string }[]> }).addresses;
  return Object.values(byNetwork).flatMap((list) => list.map((a) => a.addr));
}

function act(
  cloud: Cloud,
  server: string,
  body: unknown,
  options: { version?: string; admin?: boolean; roles?: string[] } = {},
) {
  if (options.roles) {
    return cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${server}/action`,
      headers: { 'OpenStack-API-Version': `compute ${options.version ?? '2.1'}` },
      auth: { projectId: PROJECT, userId: 'fake', roles: options.roles },
      body,
    });
  }
  return call(cloud, 'POST', `servers/${server}/action`, { body, ...options });
}

describe('addFixedIp and removeFixedIp (multinic, a Neutron proxy up to 2.43)', () => {
  it('adds an address from the network to the server port, then removes it', () => {
    const cloud = newCloud();
    const server = boot(cloud);
    const before = addresses(cloud, server);
    expect(before).toHaveLength(1);
    const added = act(cloud, server, { addFixedIp: { networkId: SAMPLE_NETWORK_ID } });
    expect(added.status, JSON.stringify(added.body)).toBe(202);
    expect(added.body ?? null).toBeNull();
    const after = addresses(cloud, server);
    expect(after).toHaveLength(2);
    expect(after[0]).toBe(before[0]);
    const fresh = after[1]!;
    expect(fresh).not.toBe(before[0]);
    const port = cloud.request({
      service: 'network',
      method: 'GET',
      path: `/v2.0/ports?device_id=${server}`,
    }).body.ports[0];
    expect(port.fixed_ips.map((f: { ip_address: string }) => f.ip_address)).toEqual(after);

    const removed = act(cloud, server, { removeFixedIp: { address: fresh } });
    expect(removed.status).toBe(202);
    expect(addresses(cloud, server)).toEqual(before);
  });

  it('answers 202 and changes nothing when the compute host cannot do it', () => {
    const cloud = newCloud();
    const server = boot(cloud);
    const before = addresses(cloud, server);
    // No port of the server on the network, and an address it does not hold.
    expect(act(cloud, server, { addFixedIp: { networkId: PUBLIC_NETWORK_ID } }).status).toBe(202);
    expect(act(cloud, server, { addFixedIp: { networkId: 'no-such-network' } }).status).toBe(202);
    expect(act(cloud, server, { removeFixedIp: { address: '10.9.9.9' } }).status).toBe(202);
    expect(addresses(cloud, server)).toEqual(before);
  });

  it('is gone from 2.44 (404), and validates its body before that', () => {
    const cloud = newCloud();
    const server = boot(cloud);
    const gone = act(
      cloud,
      server,
      { addFixedIp: { networkId: SAMPLE_NETWORK_ID } },
      { version: '2.44' },
    );
    expect(gone.status).toBe(404);
    expect(act(cloud, server, { removeFixedIp: {} }, { version: '2.43' }).status).toBe(400);
    const badIp = act(cloud, server, { removeFixedIp: { address: 'not-an-ip' } });
    expect(badIp.status).toBe(400);
    const extra = act(cloud, server, { addFixedIp: { networkId: SAMPLE_NETWORK_ID, x: 1 } });
    expect(extra.status).toBe(400);
    const empty = act(cloud, server, { addFixedIp: { networkId: '' } });
    expect(empty.status).toBe(400);
    expect(addresses(cloud, server)).toHaveLength(1);
  });

  it('checks the server, the policy, then the lock', () => {
    const cloud = newCloud();
    const server = boot(cloud);
    const body = { addFixedIp: { networkId: SAMPLE_NETWORK_ID } };
    const missing = act(cloud, '9d1d4a46-7d4e-4a39-8f3a-8c8d4e0f0a11', body);
    expect(missing.status).toBe(404);
    const reader = act(cloud, server, body, { roles: ['reader'] });
    expect(reader.status).toBe(403);
    expect(reader.body.forbidden.message).toBe(
      "Policy doesn't allow os_compute_api:os-multinic:add to be performed.",
    );
    expect(act(cloud, server, { lock: null }, { admin: true }).status).toBe(202);
    const locked = act(cloud, server, body);
    expect(locked.status).toBe(409);
    expect(locked.body.conflictingRequest.message).toBe(`Instance ${server} is locked`);
    expect(addresses(cloud, server)).toHaveLength(1);
    expect(act(cloud, server, body, { admin: true }).status).toBe(202);
    expect(addresses(cloud, server)).toHaveLength(2);
  });
});
