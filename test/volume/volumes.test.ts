import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import {
  admin,
  availableVolume,
  cinder,
  member,
  newCloud,
  OTHER,
  otherMember,
  PROJECT,
  statusOf,
} from './helpers.js';

describe('Cinder volumes: the status walk on the clock', () => {
  it('creating → available after the create step', () => {
    const cloud = newCloud();
    const res = cinder(cloud, 'POST', '/volumes', { volume: { size: 2, name: 'data' } });
    expect(res.status).toBe(202);
    expect(res.body.volume).toMatchObject({
      status: 'creating',
      size: 2,
      name: 'data',
      bootable: 'false',
    });
    const id = res.body.volume.id;
    cloud.clock.advance(2_999);
    expect(statusOf(cloud, id)).toBe('creating');
    cloud.clock.advance(1);
    expect(statusOf(cloud, id)).toBe('available');
  });

  it('from an image: creating → downloading → available, bootable, with image metadata', () => {
    const cloud = newCloud();
    const image = { id: '70a599e0-31e7-49b7-b260-868f441e862b' };
    const res = cinder(cloud, 'POST', '/volumes', { volume: { size: 1, imageRef: image.id } });
    expect(res.status).toBe(202);
    const id = res.body.volume.id;
    cloud.clock.advance(2_000);
    expect(statusOf(cloud, id)).toBe('downloading');
    cloud.clock.advance(5_000);
    const shown = cinder(cloud, 'GET', `/volumes/${id}`).body.volume;
    expect(shown).toMatchObject({ status: 'available', bootable: 'true' });
    expect(shown.volume_image_metadata.image_id).toBe(image.id);
  });

  it('an unknown image is a 400 as Cinder words it', () => {
    const cloud = newCloud();
    const res = cinder(cloud, 'POST', '/volumes', {
      volume: { size: 1, imageRef: '00000000-0000-4000-8000-000000000000' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      badRequest: {
        code: 400,
        message: 'Invalid image identifier or unable to access requested image.',
      },
    });
  });

  it('from a volume and from a snapshot: size defaults to the source', () => {
    const cloud = newCloud();
    const source = availableVolume(cloud, 3);
    const clone = cinder(cloud, 'POST', '/volumes', { volume: { source_volid: source } });
    expect(clone.status).toBe(202);
    expect(clone.body.volume).toMatchObject({ size: 3, source_volid: source });
    const snap = cinder(cloud, 'POST', '/snapshots', {
      snapshot: { volume_id: source, name: 's' },
    });
    expect(snap.status).toBe(202);
    expect(snap.body.snapshot.status).toBe('creating');
    const early = cinder(cloud, 'POST', '/volumes', {
      volume: { snapshot_id: snap.body.snapshot.id },
    });
    expect(early.status).toBe(400);
    expect(early.body.badRequest.message).toBe(
      "Invalid snapshot: Originating snapshot status must be one of 'available' values",
    );
    cloud.clock.advance(2_000);
    const restored = cinder(cloud, 'POST', '/volumes', {
      volume: { snapshot_id: snap.body.snapshot.id },
    });
    expect(restored.status).toBe(202);
    expect(restored.body.volume).toMatchObject({ size: 3, snapshot_id: snap.body.snapshot.id });
    const small = cinder(cloud, 'POST', '/volumes', {
      volume: { snapshot_id: snap.body.snapshot.id, size: 1 },
    });
    expect(small.body.badRequest.message).toBe(
      "Invalid input received: Volume size '1'GB cannot be smaller than the snapshot size 3GB. They must be >= original snapshot size.",
    );
  });

  it('a missing size is refused with Cinder message', () => {
    const cloud = newCloud();
    const res = cinder(cloud, 'POST', '/volumes', { volume: { name: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      "Invalid input received: Volume size 'None' must be an integer and greater than 0",
    );
    expect(cinder(cloud, 'GET', '/volumes').body.volumes).toEqual([]);
  });

  it('the multiattach parameter was removed: 400', () => {
    const cloud = newCloud();
    const res = cinder(cloud, 'POST', '/volumes', { volume: { size: 1, multiattach: true } });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toMatch(/^multiattach parameter has been removed/);
  });

  it('from 3.53 an unknown field is refused; before it is ignored', () => {
    const cloud = newCloud();
    const body = { volume: { size: 1, colour: 'red' } };
    expect(cinder(cloud, 'POST', '/volumes', body, { version: '3.52' }).status).toBe(202);
    const res = cinder(cloud, 'POST', '/volumes', body, { version: '3.53' });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toMatch(/Additional properties are not allowed/);
  });

  it('an unknown volume type is 404', () => {
    const cloud = newCloud();
    const res = cinder(cloud, 'POST', '/volumes', { volume: { size: 1, volume_type: 'gold' } });
    expect(res.status).toBe(404);
    expect(res.body.itemNotFound.message).toBe('Volume type with name gold could not be found.');
  });

  it('update changes name, description and metadata; an empty update is 400 from 3.53', () => {
    const cloud = newCloud();
    const id = availableVolume(cloud);
    const res = cinder(cloud, 'PUT', `/volumes/${id}`, {
      volume: { name: 'renamed', description: 'd', metadata: { a: '1' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.volume).toMatchObject({
      name: 'renamed',
      description: 'd',
      metadata: { a: '1' },
    });
    expect(cinder(cloud, 'PUT', `/volumes/${id}`, { volume: {} }, { version: '3.53' }).status).toBe(
      400,
    );
  });

  it('delete: deleting → gone on the clock', () => {
    const cloud = newCloud();
    const id = availableVolume(cloud);
    expect(cinder(cloud, 'DELETE', `/volumes/${id}`).status).toBe(202);
    expect(statusOf(cloud, id)).toBe('deleting');
    cloud.clock.advance(2_000);
    const gone = cinder(cloud, 'GET', `/volumes/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      itemNotFound: { code: 404, message: `Volume ${id} could not be found.` },
    });
  });

  it('delete while creating is refused with Cinder message', () => {
    const cloud = newCloud();
    const id = cinder(cloud, 'POST', '/volumes', { volume: { size: 1 } }).body.volume.id;
    const res = cinder(cloud, 'DELETE', `/volumes/${id}`);
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
    );
  });

  it('a volume with snapshots needs cascade', () => {
    const cloud = newCloud();
    const id = availableVolume(cloud);
    const snap = cinder(cloud, 'POST', '/snapshots', { snapshot: { volume_id: id } }).body.snapshot
      .id;
    cloud.clock.advance(2_000);
    expect(cinder(cloud, 'DELETE', `/volumes/${id}`).status).toBe(400);
    expect(cinder(cloud, 'DELETE', `/volumes/${id}?cascade=true`).status).toBe(202);
    expect(cinder(cloud, 'GET', `/snapshots/${snap}`).body.snapshot.status).toBe('deleting');
    cloud.clock.advance(2_000);
    expect(cinder(cloud, 'GET', `/snapshots/${snap}`).status).toBe(404);
    expect(cinder(cloud, 'GET', `/volumes/${id}`).status).toBe(404);
  });

  it('extend: available → extending → available with the new size', () => {
    const cloud = newCloud();
    const id = availableVolume(cloud, 1);
    const res = cinder(cloud, 'POST', `/volumes/${id}/action`, { 'os-extend': { new_size: 4 } });
    expect(res.status).toBe(202);
    expect(statusOf(cloud, id)).toBe('extending');
    cloud.clock.advance(2_000);
    const shown = cinder(cloud, 'GET', `/volumes/${id}`).body.volume;
    expect(shown).toMatchObject({ status: 'available', size: 4 });
    const smaller = cinder(cloud, 'POST', `/volumes/${id}/action`, {
      'os-extend': { new_size: 2 },
    });
    expect(smaller.body.badRequest.message).toBe(
      'Invalid input received: New size for extend must be greater than current size. (current: 4, extended: 2).',
    );
  });

  it('os-reset_status is for admins; os-set_bootable flips bootable', () => {
    const cloud = newCloud();
    const id = availableVolume(cloud);
    const denied = cinder(cloud, 'POST', `/volumes/${id}/action`, {
      'os-reset_status': { status: 'error' },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.forbidden.message).toBe(
      "Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed.",
    );
    const reset = cinder(
      cloud,
      'POST',
      `/volumes/${id}/action`,
      { 'os-reset_status': { status: 'error' } },
      { auth: admin },
    );
    expect(reset.status).toBe(202);
    expect(statusOf(cloud, id)).toBe('error');
    expect(
      cinder(
        cloud,
        'POST',
        `/volumes/${id}/action`,
        { 'os-reset_status': { status: 'deleting' } },
        { auth: admin },
      ).body.badRequest.message,
    ).toBe('Cannot reset-state to deleting');
    const boot = cinder(cloud, 'POST', `/volumes/${id}/action`, {
      'os-set_bootable': { bootable: true },
    });
    expect(boot.status).toBe(200);
    expect(cinder(cloud, 'GET', `/volumes/${id}`).body.volume.bootable).toBe('true');
  });

  it('an unknown action is 400', () => {
    const cloud = newCloud();
    const id = availableVolume(cloud);
    const res = cinder(cloud, 'POST', `/volumes/${id}/action`, { 'os-frobnicate': {} });
    expect(res.body).toEqual({
      badRequest: { code: 400, message: 'There is no such action: os-frobnicate' },
    });
  });
});

describe('Cinder volumes: listing', () => {
  it('filters by name, status and metadata; pages with limit and marker', () => {
    const cloud = newCloud();
    const a = availableVolume(cloud, 1, { name: 'a', metadata: { tier: 'gold' } });
    const b = availableVolume(cloud, 1, { name: 'b' });
    const c = cinder(cloud, 'POST', '/volumes', { volume: { size: 1, name: 'c' } }).body.volume.id;
    const names = (path: string) =>
      cinder(cloud, 'GET', path).body.volumes.map((v: { name: string }) => v.name);
    expect(names('/volumes?name=a')).toEqual(['a']);
    expect(names('/volumes/detail?status=creating')).toEqual(['c']);
    expect(names(`/volumes?metadata=${encodeURIComponent("{'tier': 'gold'}")}`)).toEqual(['a']);
    expect(names('/volumes?sort=name:asc')).toEqual(['a', 'b', 'c']);
    const first = cinder(cloud, 'GET', '/volumes?sort=name:asc&limit=2');
    expect(first.body.volumes.map((v: { id: string }) => v.id)).toEqual([a, b]);
    expect(first.body.volumes_links[0].href).toContain(`marker=${b}`);
    const second = cinder(cloud, 'GET', `/volumes?sort=name:asc&limit=2&marker=${b}`);
    expect(second.body.volumes.map((v: { id: string }) => v.id)).toEqual([c]);
    const counted = cinder(cloud, 'GET', '/volumes?with_count=true', undefined, {
      version: '3.45',
    });
    expect(counted.body.count).toBe(3);
  });

  it('a project sees its own volumes; all_tenants is for admins', () => {
    const cloud = newCloud();
    const mine = availableVolume(cloud);
    const theirs = availableVolume(cloud, 1, {}, otherMember);
    const ids = (auth: typeof member, query = '') =>
      cinder(cloud, 'GET', `/volumes${query}`, undefined, { auth }).body.volumes.map(
        (v: { id: string }) => v.id,
      );
    expect(ids(member)).toEqual([mine]);
    expect(ids(member, '?all_tenants=1')).toEqual([mine]);
    expect(ids(otherMember)).toEqual([theirs]);
    expect(ids(admin, '?all_tenants=1').sort()).toEqual([mine, theirs].sort());
    expect(cinder(cloud, 'GET', `/volumes/${theirs}`).status).toBe(404);
    expect(cinder(cloud, 'DELETE', `/volumes/${theirs}`).status).toBe(404);
    expect(statusOf(cloud, theirs)).toBe('available');
    expect(
      cinder(cloud, 'GET', `/volumes/${theirs}`, undefined, { auth: admin }).body.volume[
        'os-vol-tenant-attr:tenant_id'
      ],
    ).toBe(OTHER);
  });

  it('a reader reads but cannot create', () => {
    const cloud = newCloud();
    const reader = { projectId: PROJECT, userId: 'r', roles: ['reader'] };
    expect(cinder(cloud, 'GET', '/volumes', undefined, { auth: reader }).status).toBe(200);
    const res = cinder(cloud, 'POST', '/volumes', { volume: { size: 1 } }, { auth: reader });
    expect(res.status).toBe(403);
    expect(res.body.forbidden.message).toBe("Policy doesn't allow volume:create to be performed.");
  });
});

describe('Cinder microversions and versions', () => {
  it('answers the version it was asked, and 406 beyond 3.71', () => {
    const cloud = newCloud();
    expect(
      cinder(cloud, 'GET', '/volumes', undefined, { version: '3.71' }).headers[
        'openstack-api-version'
      ],
    ).toBe('volume 3.71');
    const res = cinder(cloud, 'GET', '/volumes', undefined, { version: '3.72' });
    expect(res.status).toBe(406);
    expect(res.body.computeFault ?? res.body).toBeDefined();
    expect(JSON.stringify(res.body)).toContain(
      'Version 3.72 is not supported by the API. Minimum is 3.0 and maximum is 3.71.',
    );
  });

  it('the attachments API is not there before 3.27', () => {
    const cloud = newCloud();
    expect(cinder(cloud, 'GET', '/attachments', undefined, { version: '3.26' }).status).toBe(404);
    expect(cinder(cloud, 'GET', '/attachments', undefined, { version: '3.27' }).status).toBe(200);
  });

  it('version documents: 300 unversioned, 200 at /v3/', () => {
    const cloud = createCloud();
    const root = cloud.request({ service: 'volume', method: 'GET', path: '/' });
    expect(root.status).toBe(300);
    expect(root.body.versions[0]).toMatchObject({
      id: 'v3.0',
      version: '3.71',
      min_version: '3.0',
    });
    const v3 = cloud.request({ service: 'volume', method: 'GET', path: '/v3/' });
    expect(v3.status).toBe(200);
  });

  it('the URL project may be left out from 3.67', () => {
    const cloud = newCloud();
    availableVolume(cloud);
    const res = cloud.request({
      service: 'volume',
      method: 'GET',
      path: '/v3/volumes',
      headers: { 'OpenStack-API-Version': 'volume 3.67' },
    });
    expect(res.status).toBe(200);
    expect(res.body.volumes).toHaveLength(1);
  });

  it('types: the default is lvmdriver-1; multiattach is there', () => {
    const cloud = newCloud();
    const types = cinder(cloud, 'GET', '/types').body.volume_types.map(
      (t: { name: string }) => t.name,
    );
    expect(types).toEqual(['lvmdriver-1', '__DEFAULT__', 'multiattach', 'lvm-1']);
    expect(cinder(cloud, 'GET', '/types/default').body.volume_type.name).toBe('lvmdriver-1');
  });
});

describe('Cinder volumes: the contrib extensions extend show and detail only', () => {
  it('create and update answer without tenant, host, migration and image attributes', () => {
    const cloud = newCloud();
    const image = '70a599e0-31e7-49b7-b260-868f441e862b';
    const created = cinder(
      cloud,
      'POST',
      '/volumes',
      { volume: { size: 1, imageRef: image } },
      { auth: admin },
    );
    expect(created.status).toBe(202);
    const extensionKeys = (view: Record<string, unknown>) =>
      Object.keys(view).filter(
        (key) => key.startsWith('os-vol-') || key === 'volume_image_metadata',
      );
    expect(extensionKeys(created.body.volume)).toEqual([]);
    const id = created.body.volume.id;
    cloud.clock.advance(10_000);
    const updated = cinder(
      cloud,
      'PUT',
      `/volumes/${id}`,
      { volume: { name: 'renamed' } },
      { auth: admin },
    );
    expect(updated.status).toBe(200);
    expect(updated.body.volume.name).toBe('renamed');
    expect(extensionKeys(updated.body.volume)).toEqual([]);
    const shown = cinder(cloud, 'GET', `/volumes/${id}`, undefined, { auth: admin }).body.volume;
    expect(extensionKeys(shown).sort()).toEqual([
      'os-vol-host-attr:host',
      'os-vol-mig-status-attr:migstat',
      'os-vol-mig-status-attr:name_id',
      'os-vol-tenant-attr:tenant_id',
      'volume_image_metadata',
    ]);
    const listed = cinder(cloud, 'GET', '/volumes/detail', undefined, { auth: admin }).body
      .volumes[0];
    expect(listed['os-vol-tenant-attr:tenant_id']).toBe(shown['os-vol-tenant-attr:tenant_id']);
  });
});
