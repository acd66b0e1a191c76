import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { availableVolume, cinder, PROJECT } from './helpers.js';

const EXT = [
  'os-extended-snapshot-attributes:progress',
  'os-extended-snapshot-attributes:project_id',
];

describe('Cinder views and routes that Tempest checks', () => {
  // cinder/api/contrib/extended_snapshot_attributes.py extends show and detail only;
  // Tempest's create/update/index snapshot schemas forbid the two attributes.
  it('shows the extended snapshot attributes in show and detail only', () => {
    const cloud = createCloud();
    const volume = availableVolume(cloud);
    const created = cinder(cloud, 'POST', '/snapshots', { snapshot: { volume_id: volume } });
    expect(created.status).toBe(202);
    const id = created.body.snapshot.id;
    for (const key of EXT) expect(created.body.snapshot).not.toHaveProperty(key);
    cloud.clock.advance(60_000);
    const updated = cinder(cloud, 'PUT', `/snapshots/${id}`, { snapshot: { name: 'n' } });
    for (const key of EXT) expect(updated.body.snapshot).not.toHaveProperty(key);
    const index = cinder(cloud, 'GET', '/snapshots').body.snapshots[0];
    for (const key of EXT) expect(index).not.toHaveProperty(key);
    const shown = cinder(cloud, 'GET', `/snapshots/${id}`).body.snapshot;
    expect(shown['os-extended-snapshot-attributes:progress']).toBe('100%');
    expect(shown['os-extended-snapshot-attributes:project_id']).toBe(PROJECT);
    const detail = cinder(cloud, 'GET', '/snapshots/detail').body.snapshots[0];
    for (const key of EXT) expect(detail).toHaveProperty(key);
  });

  // Cinder's routes mapper matches no empty segment: an empty volume id is a 404.
  it('answers 404 to volumes/ with GET, PUT and DELETE, and to volumes//action', () => {
    const cloud = createCloud();
    const volume = availableVolume(cloud);
    expect(cinder(cloud, 'GET', '/volumes/').status).toBe(404);
    expect(cinder(cloud, 'DELETE', '/volumes/').status).toBe(404);
    expect(cinder(cloud, 'PUT', '/volumes/', { volume: { name: 'x' } }).status).toBe(404);
    expect(cinder(cloud, 'POST', '/volumes//action', { 'os-extend': { new_size: 2 } }).status).toBe(
      404,
    );
    expect(cinder(cloud, 'GET', '/volumes').status).toBe(200);
    const shown = cinder(cloud, 'GET', `/volumes/${volume}`).body.volume;
    expect(shown).toMatchObject({ size: 1, status: 'available' });
  });
});

// Tempest's AvailabilityZoneTestJSON; `openstack availability zone list` asks Cinder too.
describe('Cinder availability zones', () => {
  it('lists the volume service zone, available, to any project member', () => {
    const cloud = createCloud();
    const res = cinder(cloud, 'GET', '/os-availability-zone');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true } }],
    });
  });
});

// types_manage.py answers create and update with cinder/api/views/types.py (no qos_specs_id);
// the type-access extension extends create but not update. Tempest's volume type schemas.
describe('Cinder volume type views by action', () => {
  it('keeps qos_specs_id to GET, and the access attribute off update', () => {
    const cloud = createCloud();
    const auth = { projectId: 'admin-project', userId: 'admin', roles: ['admin', 'member'] };
    const created = cinder(cloud, 'POST', '/types', { volume_type: { name: 'gold' } }, { auth });
    expect(created.status).toBe(200);
    expect(created.body.volume_type).not.toHaveProperty('qos_specs_id');
    expect(created.body.volume_type['os-volume-type-access:is_public']).toBe(true);
    const id = created.body.volume_type.id;
    const updated = cinder(
      cloud,
      'PUT',
      `/types/${id}`,
      { volume_type: { description: 'd' } },
      { auth },
    );
    expect(updated.status).toBe(200);
    expect(Object.keys(updated.body.volume_type).sort()).toEqual([
      'description',
      'extra_specs',
      'id',
      'is_public',
      'name',
    ]);
    const shown = cinder(cloud, 'GET', `/types/${id}`, undefined, { auth }).body.volume_type;
    expect(shown.qos_specs_id).toBeNull();
    expect(shown['os-volume-type-access:is_public']).toBe(true);
  });
});

// cinder/api/contrib/volume_image_metadata.py: Tempest's VolumesImageMetadata and
// `openstack volume set --image-property`.
describe('Cinder volume image metadata actions', () => {
  it('sets, shows and unsets image metadata on a volume', () => {
    const cloud = createCloud();
    const id = availableVolume(cloud);
    const act = (body: unknown) => cinder(cloud, 'POST', `/volumes/${id}/action`, body);
    const set = act({
      'os-set_image_metadata': { metadata: { image_name: 'img', ramdisk_id: 'r' } },
    });
    expect(set.status).toBe(200);
    expect(set.body.metadata).toMatchObject({ image_name: 'img', ramdisk_id: 'r' });
    const shown = cinder(cloud, 'GET', `/volumes/${id}`).body.volume.volume_image_metadata;
    expect(shown).toMatchObject({ image_name: 'img', ramdisk_id: 'r' });
    expect(act({ 'os-unset_image_metadata': { key: 'ramdisk_id' } }).status).toBe(200);
    const meta = act({ 'os-show_image_metadata': null }).body.metadata;
    expect(meta).toEqual({ image_name: 'img' });
    const missing = act({ 'os-unset_image_metadata': { key: 'ramdisk_id' } });
    expect(missing.status).toBe(404);
    expect(missing.body.itemNotFound.message).toBe(
      `Glance metadata for volume/snapshot ${id} cannot be found.`,
    );
    const bad = act({ 'os-set_image_metadata': { metadata: { 'bad key!': 'x' } } });
    expect(bad.status).toBe(400);
    expect(act({ 'os-show_image_metadata': null }).body.metadata).toEqual({ image_name: 'img' });
  });
});

// cinder/api/v2/volume_metadata.py: Tempest's VolumesMetadataTest and
// `openstack volume set --property`.
describe('Cinder volume metadata', () => {
  it('creates, replaces, updates one item, shows and deletes', () => {
    const cloud = createCloud();
    const id = availableVolume(cloud);
    const path = `/volumes/${id}/metadata`;
    const created = cinder(cloud, 'POST', path, { metadata: { a: '1', b: '2' } });
    expect(created.status).toBe(200);
    expect(created.body.metadata).toEqual({ a: '1', b: '2' });
    expect(cinder(cloud, 'POST', path, { metadata: { c: '3' } }).body.metadata).toEqual({
      a: '1',
      b: '2',
      c: '3',
    });
    expect(cinder(cloud, 'PUT', path, { metadata: { d: '4' } }).body.metadata).toEqual({ d: '4' });
    const item = cinder(cloud, 'PUT', `${path}/d`, { meta: { d: '5' } });
    expect(item.body).toEqual({ meta: { d: '5' } });
    expect(cinder(cloud, 'GET', `${path}/d`).body).toEqual({ meta: { d: '5' } });
    expect(cinder(cloud, 'GET', `/volumes/${id}`).body.volume.metadata).toEqual({ d: '5' });
    const mismatch = cinder(cloud, 'PUT', `${path}/d`, { meta: { e: '5' } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.badRequest.message).toBe('Request body and URI mismatch');
    expect(cinder(cloud, 'DELETE', `${path}/d`).status).toBe(200);
    const gone = cinder(cloud, 'GET', `${path}/d`);
    expect(gone.status).toBe(404);
    expect(gone.body.itemNotFound.message).toBe(`Volume ${id} has no metadata with key d.`);
    expect(cinder(cloud, 'GET', path).body).toEqual({ metadata: {} });
  });
});

// admin_actions.py's os-force_delete: Tempest's test_volume_force_delete_when_volume_is_*.
describe('Cinder os-force_delete', () => {
  it('deletes an error volume for an admin, and is a 403 for a member', () => {
    const cloud = createCloud();
    const id = availableVolume(cloud);
    const auth = { projectId: 'admin-project', userId: 'admin', roles: ['admin', 'member'] };
    const act = (body: unknown, who?: typeof auth) =>
      cinder(cloud, 'POST', `/volumes/${id}/action`, body, who ? { auth: who } : {});
    expect(act({ 'os-reset_status': { status: 'error' } }, auth).status).toBe(202);
    expect(act({ 'os-force_delete': {} }).status).toBe(403);
    expect(act({ 'os-force_delete': {} }, auth).status).toBe(202);
    cloud.clock.advance(60_000);
    expect(cinder(cloud, 'GET', `/volumes/${id}`).status).toBe(404);
  });
});

// Tempest's VolumesSnapshotListTestJSON and VolumesSnapshotNegativeTestJSON.
describe('Cinder snapshot listing and create with a null volume id', () => {
  it('sorts by display_name, applies offset after the sort, and 404s a null volume_id', () => {
    const cloud = createCloud();
    const id = availableVolume(cloud);
    for (const name of ['b', 'a', 'c']) {
      cinder(cloud, 'POST', '/snapshots', { snapshot: { volume_id: id, name } });
    }
    cloud.clock.advance(60_000);
    const names = (query: string) =>
      cinder(cloud, 'GET', `/snapshots${query}`).body.snapshots.map(
        (s: { name: string }) => s.name,
      );
    expect(names('?sort_key=display_name&sort_dir=asc')).toEqual(['a', 'b', 'c']);
    expect(names('?sort_key=display_name&sort_dir=asc&offset=2&limit=3')).toEqual(['c']);
    expect(cinder(cloud, 'GET', '/snapshots?offset=-1').body.badRequest.message).toBe(
      'offset must be >= 0',
    );
    const none = cinder(cloud, 'POST', '/snapshots', { snapshot: { volume_id: null } });
    expect(none.status).toBe(404);
    expect(none.body.itemNotFound.message).toBe('Volume None could not be found.');
  });
});

// cinder/api/contrib/volume_type_access.py: Tempest's VolumeTypesAccessTest and
// test_create_volume_with_private_volume_type.
describe('Cinder private volume types and their access list', () => {
  it('hides a private type from other projects until access is added', () => {
    const cloud = createCloud();
    const admin = { projectId: 'admin-project', userId: 'admin', roles: ['admin', 'member'] };
    const type = cinder(
      cloud,
      'POST',
      '/types',
      { volume_type: { name: 'private', 'os-volume-type-access:is_public': false } },
      { auth: admin },
    ).body.volume_type;
    const make = () =>
      cinder(cloud, 'POST', '/volumes', { volume: { size: 1, volume_type: type.id } });
    const refused = make();
    expect(refused.status).toBe(404);
    expect(refused.body.itemNotFound.message).toBe(`Volume type ${type.id} could not be found.`);
    expect(cinder(cloud, 'GET', `/types/${type.id}`).status).toBe(404);
    const act = (body: unknown) =>
      cinder(cloud, 'POST', `/types/${type.id}/action`, body, { auth: admin });
    expect(act({ addProjectAccess: { project: PROJECT } }).status).toBe(202);
    expect(act({ addProjectAccess: { project: PROJECT } }).status).toBe(409);
    const listed = cinder(cloud, 'GET', `/types/${type.id}/os-volume-type-access`, undefined, {
      auth: admin,
    });
    expect(listed.body).toEqual({
      volume_type_access: [{ volume_type_id: type.id, project_id: PROJECT }],
    });
    expect(make().status).toBe(202);
    const names = cinder(cloud, 'GET', '/types').body.volume_types.map(
      (t: { name: string }) => t.name,
    );
    expect(names).toContain('private');
    expect(act({ removeProjectAccess: { project: PROJECT } }).status).toBe(202);
    expect(act({ removeProjectAccess: { project: PROJECT } }).status).toBe(404);
    const restored = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    expect(
      cinder(restored, 'GET', `/types/${type.id}/os-volume-type-access`, undefined, { auth: admin })
        .body.volume_type_access,
    ).toEqual([]);
  });
});
