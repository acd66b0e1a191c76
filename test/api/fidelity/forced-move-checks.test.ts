import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { call, messageOf } from '../extras/helpers.js';
import { eastServer as setup, show } from './east-west.js';

// The conductor's own checks of a forced destination (nova/conductor/tasks/live_migrate.py
// `_execute`, the branch without the scheduler; conductor/manager.py rebuild_instance with a
// host for evacuate). Zed and master share this code.

type Json = Record<string, unknown>;

function migrations(cloud: Cloud): string[] {
  const body = call(cloud, 'GET', 'os-migrations', { admin: true, version: '2.59' }).body as {
    migrations: Json[];
  };
  return body.migrations.map((m) => String(m.status));
}

function migrateLive(cloud: Cloud, id: string, host: string, version = '2.25', extra: Json = {}) {
  return call(cloud, 'POST', `servers/${id}/action`, {
    admin: true,
    version,
    body: { 'os-migrateLive': { host, block_migration: 'auto', ...extra } },
  });
}

/** Refused before 2.34: a 400 with the conductor's text, the server untouched, its records left. */
function expectRefused(
  cloud: Cloud,
  id: string,
  res: { status: number; body: unknown },
  text: string,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(messageOf(res.body)).toBe(text);
  const server = show(cloud, id);
  expect(server.status).toBe('ACTIVE');
  expect(server['OS-EXT-STS:task_state']).toBeNull();
  expect(server['OS-EXT-SRV-ATTR:host']).toBe('east-1');
  expect(migrations(cloud)).toEqual(['error']);
  expect(cloud.compute.get(id)!.fault?.message).toBe(text);
}

describe('forced live migration: the conductor checks the named host itself', () => {
  it('takes a disabled compute service: no filter runs on the forced path', () => {
    const { cloud, id } = setup();
    cloud.hosts.disable('west-1', 'maintenance');
    expect(migrateLive(cloud, id, 'west-1').status).toBe(202);
    cloud.clock.advance(300_000);
    expect(show(cloud, id)['OS-EXT-SRV-ATTR:host']).toBe('west-1');
    expect(migrations(cloud)).toEqual(['completed']);
  });

  it('refuses the source host: UnableToMigrateToSelf', () => {
    const { cloud, id } = setup();
    expectRefused(
      cloud,
      id,
      migrateLive(cloud, id, 'east-1'),
      `Unable to migrate instance (${id}) to current host (east-1).`,
    );
  });

  it('refuses a host whose service is down: ComputeServiceUnavailable', () => {
    const { cloud, id } = setup();
    cloud.hosts.forceDown('west-1');
    expectRefused(
      cloud,
      id,
      migrateLive(cloud, id, 'west-1', '2.30', { force: true }),
      'Compute service of west-1 is unavailable at this time.',
    );
  });

  it('refuses a host with no more free RAM than the guest, where Placement would fit it', () => {
    // 1024 MB, 512 reserved: Placement's capacity is 512, enough for m1.tiny; the RAMFilter
    // arithmetic of _check_destination_has_enough_memory wants strictly more.
    const { cloud, id } = setup({ memoryMb: 1024 });
    const res = migrateLive(cloud, id, 'west-1');
    expectRefused(
      cloud,
      id,
      res,
      `Migration pre-check error: Unable to migrate ${id} to west-1: Lack of memory(host:512.0 <= instance:512)`,
    );
    // MigrationPreCheckError is a MigrationError: a 500 in the fault, a 400 from the API.
    expect(cloud.compute.get(id)!.fault?.code).toBe(500);
  });

  it('refuses an older hypervisor: DestinationHypervisorTooOld', () => {
    const { cloud, id } = setup({ hypervisorVersion: 999 });
    expectRefused(
      cloud,
      id,
      migrateLive(cloud, id, 'west-1'),
      'The instance requires a newer hypervisor version than has been provided.',
    );
  });

  it("refuses when Placement cannot copy the allocation: NoValidHost with the claim's reason", () => {
    const { cloud, id } = setup({ diskGb: 0 });
    expectRefused(
      cloud,
      id,
      migrateLive(cloud, id, 'west-1'),
      `No valid host was found. Unable to move instance ${id} to host west-1. There is not enough capacity on the host for the instance.`,
    );
  });

  it('from 2.34 answers 202 and leaves the same records: error migration, fault, ACTIVE', () => {
    const { cloud, id } = setup();
    const res = migrateLive(cloud, id, 'east-1', '2.34', { force: true });
    expect(res.status).toBe(202);
    cloud.clock.advance(60_000);
    expect(show(cloud, id).status).toBe('ACTIVE');
    expect(migrations(cloud)).toEqual(['error']);
    expect(cloud.compute.get(id)!.fault).toMatchObject({
      code: 400,
      message: `Unable to migrate instance (${id}) to current host (east-1).`,
    });
  });
});

describe('forced evacuation: only the Placement claim', () => {
  function evacuate(cloud: Cloud, id: string) {
    cloud.hosts.forceDown('east-1');
    return call(cloud, 'POST', `servers/${id}/action`, {
      admin: true,
      version: '2.14',
      body: { evacuate: { host: 'west-1' } },
    });
  }

  it('takes a disabled compute service', () => {
    const { cloud, id } = setup();
    cloud.hosts.disable('west-1');
    expect(evacuate(cloud, id).status).toBe(200);
    cloud.clock.advance(300_000);
    const server = show(cloud, id);
    expect(server.status).toBe('ACTIVE');
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('west-1');
  });

  it('a refused claim puts the vm_state back (not ERROR), task None, migration error', () => {
    const { cloud, id } = setup({ diskGb: 0 });
    expect(evacuate(cloud, id).status).toBe(200);
    cloud.clock.advance(300_000);
    const server = show(cloud, id);
    expect(server.status).toBe('ACTIVE');
    expect(server['OS-EXT-STS:task_state']).toBeNull();
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('east-1');
    expect(migrations(cloud)).toEqual(['error']);
    expect(cloud.compute.get(id)!.fault?.message).toBe(
      `No valid host was found. Unable to move instance ${id} to host west-1. There is not enough capacity on the host for the instance.`,
    );
  });
});
