import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { call, IMAGE } from '../extras/helpers.js';

// `availability_zone: "zone:host:node"` on create, as master takes it: servers.py
// `_validate_host_availability_zone` keeps the zone only if the host is in it, compute.API
// skips the zone check when the value has a host slot (even an empty one), nobody looks the
// host up before the scheduler, whose `resources_from_request_spec` ends the build in
// NoValidHost when no compute node matches.

type Json = Record<string, unknown>;

function twoZones(): Cloud {
  return createCloud({
    seed: 5,
    config: { jitter: 0 },
    hosts: [
      { name: 'east-1', availabilityZone: 'east' },
      { name: 'west-1', availabilityZone: 'west' },
    ],
  });
}

/** Boots as admin with `availability_zone`, then shows the server after a minute. */
function boot(cloud: Cloud, zone: string): { status: number; body: unknown; server?: Json } {
  const res = call(cloud, 'POST', 'servers', {
    admin: true,
    body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', availability_zone: zone } },
  });
  if (res.status !== 202) return res;
  const id = (res.body as { server: { id: string } }).server.id;
  cloud.clock.advance(60_000);
  const shown = call(cloud, 'GET', `servers/${id}`, { admin: true, version: '2.90' });
  return { ...res, server: (shown.body as { server: Json }).server };
}

describe('a forced host or node that does not exist', () => {
  for (const [zone, message] of [
    ['east:nope', 'No valid host was found. No such host - host: nope node: None '],
    ['east:west-1:nope', 'No valid host was found. No such host - host: west-1 node: nope '],
    ['east::nope', 'No valid host was found. No such host - host: None node: nope '],
  ] as const) {
    it(`${zone}: accepted, then ERROR with the scheduler's NoValidHost`, () => {
      const res = boot(twoZones(), zone);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.server?.status).toBe('ERROR');
      expect(res.server?.['OS-EXT-SRV-ATTR:host']).toBeNull();
      expect((res.server?.fault as Json | undefined)?.message).toBe(message);
    });
  }
});

describe('the zone given with a forced host', () => {
  it('the default zone with a host that does not exist is kept, as the ERROR server shows', () => {
    const res = boot(twoZones(), 'nova:nope');
    expect(res.server?.status).toBe('ERROR');
    expect(res.server?.['OS-EXT-AZ:availability_zone']).toBe('nova');
  });

  it("another zone's host: the zone is dropped and the server lands on the host", () => {
    const res = boot(twoZones(), 'east:west-1');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.server?.status).toBe('ACTIVE');
    expect(res.server?.['OS-EXT-SRV-ATTR:host']).toBe('west-1');
    expect(res.server?.['OS-EXT-AZ:availability_zone']).toBe('west');
  });

  it('the node alone, in another zone: the same', () => {
    const res = boot(twoZones(), 'east::west-1');
    expect(res.server?.['OS-EXT-SRV-ATTR:host']).toBe('west-1');
  });

  it('the fake driver node `fake-mini` names the host `compute`', () => {
    const cloud = createCloud({ seed: 5, config: { jitter: 0 }, hosts: [{ name: 'compute' }] });
    const res = boot(cloud, 'nova::fake-mini');
    expect(res.server?.status).toBe('ACTIVE');
    expect(res.server?.['OS-EXT-SRV-ATTR:host']).toBe('compute');
  });

  it('a dropped zone does not bind later moves: a migration may leave it', () => {
    const cloud = twoZones();
    const res = boot(cloud, 'east:west-1');
    const id = res.server?.id as string;
    const migrate = call(cloud, 'POST', `servers/${id}/action`, {
      admin: true,
      body: { migrate: null },
    });
    expect(migrate.status, JSON.stringify(migrate.body)).toBe(202);
    cloud.clock.advance(300_000);
    const shown = call(cloud, 'GET', `servers/${id}`, { admin: true, version: '2.90' });
    expect((shown.body as { server: Json }).server['OS-EXT-SRV-ATTR:host']).toBe('east-1');
  });
});

describe('`zone:` with an empty host', () => {
  it('forces nothing, and the zone check is skipped: an unknown zone restricts nothing', () => {
    const res = boot(twoZones(), 'nowhere:');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.server?.status).toBe('ACTIVE');
  });

  it('a known zone still places the server in it', () => {
    const res = boot(twoZones(), 'west:');
    expect(res.server?.['OS-EXT-SRV-ATTR:host']).toBe('west-1');
  });

  it('needs no forced_host policy: a member may send it', () => {
    const cloud = twoZones();
    const res = call(cloud, 'POST', 'servers', {
      body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', availability_zone: 'west:' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  });
});

describe('snapshots', () => {
  it('keep the forced node of a server still waiting to be scheduled, byte for byte', () => {
    const cloud = twoZones();
    const res = call(cloud, 'POST', 'servers', {
      admin: true,
      body: {
        server: {
          name: 'x',
          imageRef: IMAGE,
          flavorRef: '1',
          availability_zone: 'east:west-1:nope',
        },
      },
    });
    const id = (res.body as { server: { id: string } }).server.id;
    const snap = cloud.snapshot();
    const restored = createCloud({ restore: snap });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(snap));
    restored.clock.advance(60_000);
    expect(restored.compute.get(id)?.fault?.message).toBe(
      'No valid host was found. No such host - host: west-1 node: nope ',
    );
  });
});
