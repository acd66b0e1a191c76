import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { call } from '../extras/helpers.js';
import { eastServer, show } from './east-west.js';

// A live migration or evacuation to a named host. nova/compute/api.py live_migrate and
// evacuate hand the host to the conductor as is, past the scheduler and its filters, unless
// `force` is False: before 2.30 (live) or 2.29 (evacuate) there is no `force`, so a named
// host is always taken as is; later only `force: true` does that, and without it the
// scheduler runs its filters on that one host. Placement's claim applies either way.

type Json = Record<string, unknown>;

function migrateLive(cloud: Cloud, id: string, version: string, extra: Json = {}) {
  return call(cloud, 'POST', `servers/${id}/action`, {
    admin: true,
    version,
    body: { 'os-migrateLive': { host: 'west-1', block_migration: 'auto', ...extra } },
  });
}

describe('live migration to a named host', () => {
  for (const [version, extra] of [
    ['2.25', {}],
    ['2.29', {}],
    ['2.30', { force: true }],
    ['2.34', { force: 'True' }],
  ] as const) {
    it(`${version} ${JSON.stringify(extra)}: the host is taken as is, outside the zone`, () => {
      const { cloud, id } = eastServer();
      const res = migrateLive(cloud, id, version, extra);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      cloud.clock.advance(300_000);
      const server = show(cloud, id);
      expect(server['OS-EXT-SRV-ATTR:host']).toBe('west-1');
      expect(server['OS-EXT-AZ:availability_zone']).toBe('west');
      expect(server.status).toBe('ACTIVE');
    });
  }

  it('2.30 without force: the filters run on the host, and 2.30-2.33 wait for NoValidHost', () => {
    const { cloud, id } = eastServer();
    const res = migrateLive(cloud, id, '2.30');
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect((res.body as { badRequest: { message: string } }).badRequest.message).toMatch(
      /^No valid host was found\./,
    );
    expect(show(cloud, id)['OS-EXT-SRV-ATTR:host']).toBe('east-1');
  });

  it('2.34 without force: 202, and the migration fails on its own time', () => {
    const { cloud, id } = eastServer();
    expect(migrateLive(cloud, id, '2.34').status).toBe(202);
    cloud.clock.advance(300_000);
    const server = show(cloud, id);
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('east-1');
    expect(server.status).toBe('ACTIVE');
    const migrations = call(cloud, 'GET', 'os-migrations', { admin: true, version: '2.59' })
      .body as { migrations: Json[] };
    expect(migrations.migrations.map((m) => m.status)).toEqual(['error']);
  });

  it('a snapshot taken during a forced move keeps it forced', () => {
    const { cloud, id } = eastServer();
    expect(migrateLive(cloud, id, '2.25').status).toBe(202);
    const restored = createCloud({ restore: cloud.snapshot() });
    restored.clock.advance(300_000);
    expect(show(restored, id)['OS-EXT-SRV-ATTR:host']).toBe('west-1');
  });
});

describe('evacuation to a named host', () => {
  function evacuate(cloud: Cloud, id: string, version: string, extra: Json = {}) {
    cloud.hosts.forceDown('east-1');
    return call(cloud, 'POST', `servers/${id}/action`, {
      admin: true,
      version,
      body: { evacuate: { host: 'west-1', ...extra } },
    });
  }

  it('before 2.29 the host is taken as is', () => {
    const { cloud, id } = eastServer();
    const res = evacuate(cloud, id, '2.14');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    cloud.clock.advance(300_000);
    expect(show(cloud, id)['OS-EXT-SRV-ATTR:host']).toBe('west-1');
  });

  it('from 2.29 without force the filters refuse the other zone: NoValidHost, ERROR', () => {
    const { cloud, id } = eastServer();
    expect(evacuate(cloud, id, '2.29').status).toBe(200);
    cloud.clock.advance(300_000);
    const server = show(cloud, id);
    expect(server.status).toBe('ERROR');
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('east-1');
  });

  it('from 2.29 with force the host is taken as is', () => {
    const { cloud, id } = eastServer();
    expect(evacuate(cloud, id, '2.29', { force: true }).status).toBe(200);
    cloud.clock.advance(300_000);
    expect(show(cloud, id)['OS-EXT-SRV-ATTR:host']).toBe('west-1');
  });
});
