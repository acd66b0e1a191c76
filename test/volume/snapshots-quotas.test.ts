import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { admin, availableVolume, cinder, member, newCloud, PROJECT, statusOf } from './helpers.js';

describe('Cinder snapshots', () => {
  it('creating → available; an in-use volume needs force (before 3.66)', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud, 2);
    const snap = cinder(cloud, 'POST', '/snapshots', {
      snapshot: { volume_id: volume, name: 'snap' },
    });
    expect(snap.status).toBe(202);
    expect(snap.body.snapshot).toMatchObject({ status: 'creating', size: 2, volume_id: volume });
    cloud.clock.advance(2_000);
    const id = snap.body.snapshot.id;
    expect(cinder(cloud, 'GET', `/snapshots/${id}`).body.snapshot.status).toBe('available');
    const reset = cinder(
      cloud,
      'POST',
      `/volumes/${volume}/action`,
      { 'os-reset_status': { status: 'in-use' } },
      { auth: admin },
    );
    expect(reset.body.badRequest.message).toBe(
      'Cannot reset-state to in-use because volume does not have any attachments.',
    );
    expect(
      cinder(cloud, 'PUT', `/snapshots/${id}`, { snapshot: { name: 'renamed' } }).body.snapshot
        .name,
    ).toBe('renamed');
    expect(cinder(cloud, 'GET', '/snapshots/detail').body.snapshots).toHaveLength(1);
    const v = { version: '3.44' };
    const att = cinder(
      cloud,
      'POST',
      '/attachments',
      { attachment: { volume_uuid: volume, connector: { host: 'h' } } },
      v,
    );
    cinder(
      cloud,
      'POST',
      `/attachments/${att.body.attachment.id}/action`,
      { 'os-complete': null },
      v,
    );
    expect(statusOf(cloud, volume)).toBe('in-use');
    const inUse = { snapshot: { volume_id: volume } };
    const refused = cinder(cloud, 'POST', '/snapshots', inUse);
    expect(refused.body.badRequest.message).toBe(
      `Invalid volume: Volume ${volume} status must be available, but current status is: in-use.`,
    );
    expect(
      cinder(cloud, 'POST', '/snapshots', { snapshot: { volume_id: volume, force: true } }).status,
    ).toBe(202);
    expect(cinder(cloud, 'POST', '/snapshots', inUse, { version: '3.66' }).status).toBe(202);
    const forceFalse = cinder(
      cloud,
      'POST',
      '/snapshots',
      { snapshot: { volume_id: volume, force: false } },
      { version: '3.66' },
    );
    expect(forceFalse.status).toBe(400);
    expect(cinder(cloud, 'DELETE', `/snapshots/${id}`).status).toBe(202);
    cloud.clock.advance(2_000);
    expect(cinder(cloud, 'GET', `/snapshots/${id}`).status).toBe(404);
  });

  it('a snapshot of an error volume is refused', () => {
    const cloud = newCloud();
    const volume = availableVolume(cloud);
    cinder(
      cloud,
      'POST',
      `/volumes/${volume}/action`,
      { 'os-reset_status': { status: 'error' } },
      { auth: admin },
    );
    const res = cinder(cloud, 'POST', '/snapshots', { snapshot: { volume_id: volume } });
    expect(res.body.badRequest.message).toBe(
      'Invalid volume: The snapshot cannot be created when the volume is in error status.',
    );
  });
});

describe('Cinder quotas and limits', () => {
  // The usage scan is skipped when nothing is limited (issue 14): a count limit under
  // unlimited gigabytes must still hold.
  it('holds the volumes quota when gigabytes are unlimited', () => {
    const cloud = newCloud();
    const quota = { quota_set: { volumes: 1, gigabytes: -1 } };
    expect(cinder(cloud, 'PUT', `/os-quota-sets/${PROJECT}`, quota, { auth: admin }).status).toBe(
      200,
    );
    availableVolume(cloud);
    expect(cinder(cloud, 'POST', '/volumes', { volume: { size: 1 } }).status).toBe(413);
    const open = { quota_set: { volumes: -1, gigabytes: -1 } };
    cinder(cloud, 'PUT', `/os-quota-sets/${PROJECT}`, open, { auth: admin });
    expect(cinder(cloud, 'POST', '/volumes', { volume: { size: 1 } }).status).toBe(202);
  });

  it('over the volumes quota is a 413 overLimit as Cinder answers', () => {
    const cloud = newCloud();
    const put = cinder(
      cloud,
      'PUT',
      `/os-quota-sets/${PROJECT}`,
      { quota_set: { volumes: 1 } },
      { auth: admin },
    );
    expect(put.status).toBe(200);
    expect(put.body.quota_set.volumes).toBe(1);
    availableVolume(cloud);
    const res = cinder(cloud, 'POST', '/volumes', { volume: { size: 1 } });
    expect(res.status).toBe(413);
    expect(res.headers['retry-after']).toBe('0');
    expect(res.body).toEqual({
      overLimit: {
        code: 413,
        message:
          "VolumeLimitExceeded: Maximum number of volumes allowed (1) exceeded for quota 'volumes'.",
        retryAfter: '0',
      },
    });
    expect(cinder(cloud, 'GET', '/volumes').body.volumes).toHaveLength(1);
  });

  it('gigabytes count volumes and snapshots', () => {
    const cloud = newCloud();
    cinder(
      cloud,
      'PUT',
      `/os-quota-sets/${PROJECT}`,
      { quota_set: { gigabytes: 5 } },
      { auth: admin },
    );
    const volume = availableVolume(cloud, 3);
    const res = cinder(cloud, 'POST', '/snapshots', { snapshot: { volume_id: volume } });
    expect(res.status).toBe(413);
    expect(res.body.overLimit.message).toBe(
      'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 3G, quota is 5G and 3G has been consumed.',
    );
    const usage = cinder(cloud, 'GET', `/os-quota-sets/${PROJECT}?usage=true`).body.quota_set;
    expect(usage.gigabytes).toEqual({ limit: 5, in_use: 3, reserved: 0, allocated: 0 });
    expect(usage.volumes.in_use).toBe(1);
    const limits = cinder(cloud, 'GET', '/limits').body.limits.absolute;
    expect(limits).toMatchObject({
      maxTotalVolumes: 10,
      totalVolumesUsed: 1,
      totalGigabytesUsed: 3,
      maxTotalVolumeGigabytes: 5,
    });
  });

  it('a member may not set quotas nor read another project', () => {
    const cloud = newCloud();
    const put = cinder(cloud, 'PUT', `/os-quota-sets/${PROJECT}`, { quota_set: { volumes: 1 } });
    expect(put.status).toBe(403);
    expect(
      cinder(cloud, 'GET', '/os-quota-sets/someone-else', undefined, { auth: member }).status,
    ).toBe(403);
    expect(
      cinder(cloud, 'GET', '/os-quota-sets/someone-else', undefined, { auth: admin }).body.quota_set
        .volumes,
    ).toBe(10);
  });

  it('a limit under current usage is refused', () => {
    const cloud = newCloud();
    availableVolume(cloud);
    availableVolume(cloud);
    const res = cinder(
      cloud,
      'PUT',
      `/os-quota-sets/${PROJECT}`,
      { quota_set: { volumes: 1 } },
      { auth: admin },
    );
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(
      'Quota volumes limit must be equal or greater than existing resources. Current usage is 2 and the requested limit is 1.',
    );
  });
});

describe('Cinder faults and snapshots of the cloud', () => {
  it('the next volume create fails: the volume lands in error, the one after is fine', () => {
    const cloud = newCloud();
    cloud.addFault({ kind: 'volume-create-failure', count: 1 });
    const bad = cinder(cloud, 'POST', '/volumes', { volume: { size: 1 } }).body.volume.id;
    const good = cinder(cloud, 'POST', '/volumes', { volume: { size: 1 } }).body.volume.id;
    cloud.clock.advance(3_000);
    expect(statusOf(cloud, bad)).toBe('error');
    expect(statusOf(cloud, good)).toBe('available');
    expect(cinder(cloud, 'DELETE', `/volumes/${bad}`).status).toBe(202);
  });

  it('a snapshot taken mid-step resumes byte-identically', () => {
    const cloud = createCloud({ seed: 3 });
    availableVolume(cloud, 1, { name: 'a' });
    cinder(cloud, 'POST', '/volumes', { volume: { size: 2, name: 'b' } });
    cloud.clock.advance(1_000);
    const saved = cloud.snapshot();
    const copy = createCloud({ restore: JSON.parse(JSON.stringify(saved)) });
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(saved));
    cloud.clock.advance(5_000);
    copy.clock.advance(5_000);
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    const names = cinder(copy, 'GET', '/volumes/detail').body.volumes.map(
      (v: { status: string }) => v.status,
    );
    expect(names).toEqual(['available', 'available']);
  });
});
