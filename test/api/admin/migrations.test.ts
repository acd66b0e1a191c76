import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { sampleFiles } from '../../support/samples.js';
import { call, expectFault, sample } from '../catalog/helpers.js';
import { expectShape } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const HOST = '01c0cadef72d47e28a672a76060d492c';

type Body = Record<string, unknown>;

function admin(cloud: Cloud, method: string, path: string, body?: unknown, version = '2.80') {
  return call(cloud, method, path, {
    admin: true,
    version,
    ...(body === undefined ? {} : { body }),
  });
}

/** An ACTIVE server on compute-1 of a cloud whose other host is the samples' named host. */
function cloudWithServer(): { cloud: Cloud; id: string } {
  const cloud = createCloud({
    seed: 5,
    hosts: [{ name: 'compute-1' }, { name: HOST }],
    config: { jitter: 0 },
  });
  const res = call(cloud, 'POST', 'servers', {
    version: '2.74',
    admin: true,
    body: {
      server: { name: 'lm', imageRef: IMAGE, flavorRef: '1', networks: 'none', host: 'compute-1' },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(120_000);
  return { cloud, id: (res.body as { server: { id: string } }).server.id };
}

function liveMigrate(cloud: Cloud, id: string, version = '2.80') {
  // Before 2.25 the body carries disk_over_commit and a boolean block_migration.
  const old = Number(version.split('.')[1]) < 25;
  const body = old
    ? { host: null, block_migration: false, disk_over_commit: false }
    : { host: null, block_migration: 'auto' };
  const res = admin(cloud, 'POST', `servers/${id}/action`, { 'os-migrateLive': body }, version);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
}

function serverOf(cloud: Cloud, id: string): Body {
  return (admin(cloud, 'GET', `servers/${id}`).body as { server: Body }).server;
}

function listed(cloud: Cloud, query = '', version = '2.80'): Body[] {
  const res = admin(cloud, 'GET', `os-migrations${query}`, undefined, version);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { migrations: Body[] }).migrations;
}

describe('live migrations on the clock', () => {
  it('a live migration is observable while it runs, then completes on the destination', () => {
    const { cloud, id } = cloudWithServer();
    liveMigrate(cloud, id);
    expect(serverOf(cloud, id).status).toBe('MIGRATING');
    const [entry] = listed(cloud);
    expect(entry).toMatchObject({ status: 'running', migration_type: 'live-migration', id: 1 });
    expect(entry!.links).toHaveLength(2);
    const mine = admin(cloud, 'GET', `servers/${id}/migrations`).body as { migrations: Body[] };
    expect(mine.migrations).toHaveLength(1);
    expect(admin(cloud, 'GET', `servers/${id}/migrations/1`).status).toBe(200);
    cloud.clock.advance(60_000);
    expect(serverOf(cloud, id)).toMatchObject({
      status: 'ACTIVE',
      'OS-EXT-SRV-ATTR:host': HOST,
    });
    expect(listed(cloud)[0]).toMatchObject({ status: 'completed', dest_compute: HOST });
    expect((admin(cloud, 'GET', `servers/${id}/migrations`).body as Body).migrations).toEqual([]);
    expectFault(
      admin(cloud, 'GET', `servers/${id}/migrations/1`),
      404,
      `Live migration 1 for server ${id} is not in progress.`,
    );
  });

  it('DELETE aborts: ACTIVE on the source, the migration cancelled', () => {
    const { cloud, id } = cloudWithServer();
    liveMigrate(cloud, id);
    const res = admin(cloud, 'DELETE', `servers/${id}/migrations/1`);
    expect(res.status).toBe(202);
    expect(serverOf(cloud, id)).toMatchObject({
      status: 'ACTIVE',
      'OS-EXT-STS:task_state': null,
      'OS-EXT-SRV-ATTR:host': 'compute-1',
    });
    cloud.clock.advance(60_000);
    expect(serverOf(cloud, id)['OS-EXT-SRV-ATTR:host']).toBe('compute-1');
    expect(listed(cloud)[0]).toMatchObject({ status: 'cancelled' });
    const actions = admin(cloud, 'GET', `servers/${id}/os-instance-actions`).body as {
      instanceActions: { action: string }[];
    };
    expect(actions.instanceActions.map((a) => a.action)).toContain('live_migration_cancel');
    // Aborting again: the server no longer migrates.
    expectFault(
      admin(cloud, 'DELETE', `servers/${id}/migrations/1`),
      409,
      `Cannot 'abort live migration' instance ${id} while it is in task_state None`,
    );
  });

  it('force_complete finishes the running migration at once', () => {
    const { cloud, id } = cloudWithServer();
    liveMigrate(cloud, id);
    const res = admin(
      cloud,
      'POST',
      `servers/${id}/migrations/1/action`,
      sample('server-migrations', 'v2.22', 'force_complete.json'),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(serverOf(cloud, id)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': HOST });
    expect(listed(cloud)[0]).toMatchObject({ status: 'completed' });
  });

  it('refuses as Nova does: unknown ids, other moves, versions, policy', () => {
    const { cloud, id } = cloudWithServer();
    liveMigrate(cloud, id);
    expectFault(
      admin(cloud, 'POST', `servers/${id}/migrations/9/action`, { force_complete: null }),
      400,
      `Migration 9 not found for instance ${id}`,
    );
    expectFault(
      admin(cloud, 'DELETE', `servers/${id}/migrations/9`),
      404,
      `Migration 9 not found for instance ${id}`,
    );
    expectFault(
      admin(cloud, 'GET', `servers/${id}/migrations/9`),
      404,
      `In-progress live migration 9 is not found for server ${id}.`,
    );
    expect(admin(cloud, 'GET', `servers/${id}/migrations`, undefined, '2.22').status).toBe(404);
    expect(admin(cloud, 'DELETE', `servers/${id}/migrations/1`, undefined, '2.23').status).toBe(
      404,
    );
    expectFault(
      call(cloud, 'GET', `servers/${id}/migrations`, { version: '2.80' }),
      403,
      "Policy doesn't allow os_compute_api:servers:migrations:index to be performed.",
    );
    expectFault(
      call(cloud, 'GET', 'os-migrations', { version: '2.80' }),
      403,
      "Policy doesn't allow os_compute_api:os-migrations:index to be performed.",
    );
  });
});

describe('os-migrations', () => {
  function twoMigrations(): { cloud: Cloud; id: string } {
    const made = cloudWithServer();
    liveMigrate(made.cloud, made.id);
    made.cloud.clock.advance(60_000);
    const resize = admin(made.cloud, 'POST', `servers/${made.id}/action`, {
      resize: { flavorRef: '2' },
    });
    expect(resize.status, JSON.stringify(resize.body)).toBe(202);
    made.cloud.clock.advance(60_000);
    return made;
  }

  it('filters and fields per microversion', () => {
    const { cloud, id } = twoMigrations();
    expect(listed(cloud, '', '2.1').map((m) => m.id)).toEqual([1, 2]);
    expect(listed(cloud, '', '2.1')[0]).not.toHaveProperty('migration_type');
    expect(listed(cloud, '', '2.58')[0]).not.toHaveProperty('uuid');
    expect(listed(cloud, '', '2.79')[0]).not.toHaveProperty('user_id');
    expect(listed(cloud).map((m) => m.id)).toEqual([2, 1]);
    expect(listed(cloud, '?migration_type=resize').map((m) => m.id)).toEqual([2]);
    expect(listed(cloud, '?status=completed').map((m) => m.id)).toEqual([1]);
    expect(listed(cloud, `?instance_uuid=${id}&source_compute=compute-1`).map((m) => m.id)).toEqual(
      [1],
    );
    expect(listed(cloud, `?host=${HOST}`)).toHaveLength(2);
    expect(listed(cloud, '?user_id=nobody')).toEqual([]);
    expect(admin(cloud, 'GET', 'os-migrations?user_id=x', undefined, '2.79').status).toBe(400);
  });

  it('2.59 paging: limit, marker and the next link; unknown marker 400', () => {
    const { cloud } = twoMigrations();
    const page = admin(cloud, 'GET', 'os-migrations?limit=1').body as {
      migrations: Body[];
      migrations_links: { href: string }[];
    };
    expect(page.migrations.map((m) => m.id)).toEqual([2]);
    expect(page.migrations_links[0]!.href).toContain(`marker=${page.migrations[0]!.uuid}`);
    const next = listed(cloud, `?limit=1&marker=${page.migrations[0]!.uuid}`);
    expect(next.map((m) => m.id)).toEqual([1]);
    expectFault(
      admin(cloud, 'GET', 'os-migrations?marker=nope'),
      400,
      'Marker nope could not be found.',
    );
  });

  it('changes-since and changes-before (2.66) compare updated_at', () => {
    const { cloud } = twoMigrations();
    expect(listed(cloud, '?changes-since=2030-01-01T00:00:00Z')).toEqual([]);
    expect(listed(cloud, '?changes-before=2030-01-01T00:00:00Z')).toHaveLength(2);
    expectFault(
      admin(
        cloud,
        'GET',
        'os-migrations?changes-since=2030-01-01T00:00:00Z&changes-before=2020-01-01T00:00:00Z',
      ),
      400,
      'The value of changes-since must be less than or equal to changes-before.',
    );
    expect(admin(cloud, 'GET', 'os-migrations?changes-since=yesterday').status).toBe(400);
  });

  it('snapshots keep the records, byte for byte', () => {
    const { cloud } = twoMigrations();
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    expect(listed(restored)).toEqual(listed(cloud));
  });

  it('a snapshot mid-migration still aborts the same record', () => {
    const { cloud, id } = cloudWithServer();
    liveMigrate(cloud, id);
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(admin(restored, 'DELETE', `servers/${id}/migrations/1`).status).toBe(202);
    expect(listed(restored)[0]).toMatchObject({ status: 'cancelled' });
  });
});

describe("migrations replay Nova's api_samples", () => {
  for (const file of sampleFiles('os-migrations')) {
    it(`os-migrations ${file.path}`, () => {
      // A running live migration, then (same instant, next id) a resize of another server:
      // ascending the live one leads, newest first the resize does, as in the samples.
      const { cloud, id } = cloudWithServer();
      const other = call(cloud, 'POST', 'servers', {
        version: '2.1',
        body: { server: { name: 'rs', imageRef: IMAGE, flavorRef: '1' } },
      });
      const otherId = (other.body as { server: { id: string } }).server.id;
      cloud.clock.advance(120_000);
      liveMigrate(cloud, id);
      const resized = admin(cloud, 'POST', `servers/${otherId}/action`, {
        resize: { flavorRef: '2' },
      });
      expect(resized.status, JSON.stringify(resized.body)).toBe(202);
      const newest = listed(cloud)[0]!;
      // The marker and changes-before samples show the older record (the resize's
      // updated_at is still null, so changes-before leaves it out).
      const query = file.name.includes('limit')
        ? '?limit=1'
        : file.name.includes('marker')
          ? `?marker=${String(newest.uuid)}`
          : file.name.includes('changes-before')
            ? '?changes-before=2100-01-01T00:00:00Z'
            : '';
      expectShape(
        admin(cloud, 'GET', `os-migrations${query}`, undefined, file.version),
        200,
        file.json,
      );
    });
  }

  for (const file of sampleFiles('server-migrations')) {
    it(`server-migrations ${file.path}`, () => {
      const { cloud, id } = cloudWithServer();
      const v = file.version;
      if (file.name === 'live-migrate-server.json') {
        const res = admin(cloud, 'POST', `servers/${id}/action`, file.json, v);
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        expect(serverOf(cloud, id).status).toBe('MIGRATING');
        return;
      }
      liveMigrate(cloud, id, v === '2.22' ? '2.22' : v);
      if (file.name === 'force_complete.json') {
        expect(admin(cloud, 'POST', `servers/${id}/migrations/1/action`, file.json, v).status).toBe(
          202,
        );
        return;
      }
      const path =
        file.name === 'migrations-get.json'
          ? `servers/${id}/migrations/1`
          : `servers/${id}/migrations`;
      expectShape(admin(cloud, 'GET', path, undefined, v), 200, file.json);
    });
  }
});
