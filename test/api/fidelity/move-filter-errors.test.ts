import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { FilterName } from '../../../src/scheduler/index.js';
import { call, IMAGE } from '../extras/helpers.js';

// A filter that raises during a move (master nova/conductor/manager.py). The API casts
// resize and migrate to the conductor (compute/api.py `resize_instance(..., do_cast=True)`),
// so it answers 202 whatever the scheduler raises; `_cold_migrate` catches the exception,
// puts the vm_state back with task None and records the fault, and the migration ends in
// `error`. An evacuation's rebuild_instance catches only NoValidHost,
// UnsupportedPolicyException, AllocationUpdateFailed, NotImplementedError and ValueError:
// anything else leaves the server `rebuilding`, with no fault and the migration `accepted`.

type Json = Record<string, unknown>;

/**
 * An ACTIVE server on c1 booted with `hints` while no filter reads them, then the cloud
 * restored with `filters` enabled: the next scheduling call meets the raising filter.
 */
function serverThenFilters(
  filters: FilterName[],
  hints: Json = {},
  flavorRef = '1',
): { cloud: Cloud; id: string } {
  const first = createCloud({
    seed: 3,
    config: { jitter: 0, enabledFilters: [] },
    hosts: [{ name: 'c1' }, { name: 'c2', memoryMb: 16384 }],
  });
  const res = call(first, 'POST', 'servers', {
    body: {
      server: { name: 'x', imageRef: IMAGE, flavorRef, networks: 'none' },
      'os:scheduler_hints': hints,
    },
    version: '2.37',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  first.clock.advance(60_000);
  const snapshot = first.snapshot();
  const cloud = createCloud({
    restore: { ...snapshot, config: { ...snapshot.config, enabledFilters: filters } },
  });
  return { cloud, id: (res.body as { server: { id: string } }).server.id };
}

function act(cloud: Cloud, id: string, body: unknown): number {
  const res = call(cloud, 'POST', `servers/${id}/action`, { body, version: '2.84', admin: true });
  cloud.clock.advance(600_000);
  return res.status;
}

function show(cloud: Cloud, id: string): Json {
  return (
    call(cloud, 'GET', `servers/${id}`, { admin: true, version: '2.84' }).body as {
      server: Json;
    }
  ).server;
}

function migrationStatus(cloud: Cloud, id: string): unknown {
  const res = call(cloud, 'GET', `os-migrations?instance_uuid=${id}`, {
    admin: true,
    version: '2.80',
  });
  return (res.body as { migrations: Json[] }).migrations.map((m) => m.status);
}

function lastEvents(cloud: Cloud, id: string): Json[] {
  return cloud.compute.get(id)!.actions.at(-1)!.events as unknown as Json[];
}

const KEY_ERROR = { query: '["bogus", 1]' };

describe('evacuation', () => {
  it('KeyError from JsonFilter: the server stays rebuilding, no fault, migration accepted', () => {
    const { cloud, id } = serverThenFilters(['JsonFilter'], KEY_ERROR);
    cloud.scheduler.setForcedDown('c1', true);
    expect(act(cloud, id, { evacuate: {} })).toBe(200);
    const server = show(cloud, id);
    expect(server.status).toBe('REBUILD');
    expect(server['OS-EXT-STS:vm_state']).toBe('active');
    expect(server['OS-EXT-STS:task_state']).toBe('rebuilding');
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('c1');
    expect(server).not.toHaveProperty('fault');
    expect(cloud.compute.get(id)!.fault).toBeNull();
    expect(migrationStatus(cloud, id)).toEqual(['accepted']);
    expect(lastEvents(cloud, id)).toMatchObject([
      { event: 'rebuild_server', result: 'Error', details: 'KeyError' },
    ]);
  });

  it.each([
    ['["<", "$host", 1]', 'TypeError'],
    ['["=", "$num_instances.x", 0]', 'AttributeError'],
    ['["<", "$free_ram_mb', 'RemoteError'],
  ])('%s (%s) leaves it rebuilding too', (query, error) => {
    const { cloud, id } = serverThenFilters(['JsonFilter'], { query });
    cloud.scheduler.setForcedDown('c1', true);
    act(cloud, id, { evacuate: {} });
    expect(show(cloud, id)['OS-EXT-STS:task_state']).toBe('rebuilding');
    expect(lastEvents(cloud, id)[0]?.details).toBe(error);
  });

  it('a forced host skips the scheduler: the raising filter never runs', () => {
    const { cloud, id } = serverThenFilters(['JsonFilter'], KEY_ERROR);
    cloud.scheduler.setForcedDown('c1', true);
    const res = call(cloud, 'POST', `servers/${id}/action`, {
      body: { evacuate: { host: 'c2', force: true } },
      version: '2.29',
      admin: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    cloud.clock.advance(600_000);
    expect(show(cloud, id)['OS-EXT-SRV-ATTR:host']).toBe('c2');
  });
});

describe('resize and migrate', () => {
  for (const body of [{ resize: { flavorRef: '2' } }, { migrate: null }]) {
    const name = Object.keys(body)[0]!;
    it(`${name}: 202, the server as it was, the migration in error, both events Error`, () => {
      const { cloud, id } = serverThenFilters(['JsonFilter'], KEY_ERROR);
      expect(act(cloud, id, body)).toBe(202);
      const server = show(cloud, id);
      expect(server.status).toBe('ACTIVE');
      expect(server['OS-EXT-STS:task_state']).toBeNull();
      expect(server['OS-EXT-SRV-ATTR:host']).toBe('c1');
      expect(cloud.compute.get(id)!.fault).toMatchObject({ code: 500, message: 'KeyError' });
      expect(migrationStatus(cloud, id)).toEqual(['error']);
      // The raised exception itself, not _cold_migrate's NoValidHost of its own.
      expect(lastEvents(cloud, id)).toMatchObject([
        { event: 'conductor_migrate_server', result: 'Error', details: 'KeyError' },
        { event: 'cold_migrate', result: 'Error', details: 'KeyError' },
      ]);
    });
  }
});

// `_live_migrate` catches the pre-check exceptions it expects and puts the vm_state back;
// anything else sets error/None, records the fault, saves the migration as `error` and
// raises MigrationError, which the API (waiting before 2.34) does not expect either.
describe('live migration', () => {
  it('from 2.34: 202, then ERROR with the fault, the migration in error', () => {
    const { cloud, id } = serverThenFilters(['JsonFilter'], KEY_ERROR);
    const res = call(cloud, 'POST', `servers/${id}/action`, {
      body: { 'os-migrateLive': { host: null, block_migration: 'auto' } },
      version: '2.34',
      admin: true,
    });
    expect(res.status).toBe(202);
    cloud.clock.advance(600_000);
    const server = show(cloud, id);
    expect(server.status).toBe('ERROR');
    expect(server['OS-EXT-STS:task_state']).toBeNull();
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('c1');
    expect(server.fault).toMatchObject({ code: 500, message: 'KeyError' });
    expect(migrationStatus(cloud, id)).toEqual(['error']);
    expect(lastEvents(cloud, id)).toMatchObject([
      {
        event: 'conductor_live_migrate_instance',
        result: 'Error',
        details: 'Migration error: KeyError',
      },
    ]);
  });

  it('before 2.34: the API answers 500 after the conductor left the server in ERROR', () => {
    const { cloud, id } = serverThenFilters(['JsonFilter'], KEY_ERROR);
    const res = call(cloud, 'POST', `servers/${id}/action`, {
      body: { 'os-migrateLive': { host: null, block_migration: false, disk_over_commit: false } },
      version: '2.1',
      admin: true,
    });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      computeFault: {
        code: 500,
        message:
          "Unexpected API Error. Please contact the administrator\n<class 'nova.exception.MigrationError'>",
      },
    });
    const server = show(cloud, id);
    expect(server.status).toBe('ERROR');
    expect(server.fault).toMatchObject({ message: 'KeyError' });
    expect(migrationStatus(cloud, id)).toEqual(['error']);
    expect(lastEvents(cloud, id)).toMatchObject([
      { event: 'conductor_migrate_server', result: 'Error' },
    ]);
  });
});
