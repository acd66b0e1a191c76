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
