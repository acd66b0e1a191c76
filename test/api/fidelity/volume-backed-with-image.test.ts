import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { CloudConfig } from '../../../src/config.js';
import { bootVolumeBacked, call, IMAGE } from '../extras/helpers.js';

// A create given both an imageRef and a boot_index 0 volume mapping boots from the volume:
// master's compute_utils.is_volume_backed_instance reads the root mapping, and shelve,
// createImage/createBackup, rebuild and rescue (nova/compute/api.py, servers.py
// _action_create_image) all ask it, not whether image_ref is empty.

type Json = Record<string, unknown>;
const OTHER = '155d900f-4e14-4e4c-a73d-069cbf4541e6';

const bootWithImageAndRootVolume = (cloud: Cloud) => bootVolumeBacked(cloud, '1', IMAGE, 'both');

function setup(policy: CloudConfig['policy'] = {}) {
  const cloud = createCloud({ seed: 4, config: { jitter: 0, shelvedOffloadTime: -1, policy } });
  const id = bootWithImageAndRootVolume(cloud);
  const act = (body: unknown, version = '2.93') =>
    call(cloud, 'POST', `servers/${id}/action`, { body, version });
  const show = () =>
    (call(cloud, 'GET', `servers/${id}`, { version: '2.93' }).body as { server: Json }).server;
  const imageNames = () =>
    (call(cloud, 'GET', 'images').body as { images: { name: string }[] }).images.map((i) => i.name);
  return { cloud, id, act, show, imageNames };
}

describe('a server created with an image and a root volume is volume-backed', () => {
  it('shelve offloads at once and uploads no <name>-shelved image', () => {
    const { cloud, act, show, imageNames } = setup();
    expect(show().status).toBe('ACTIVE');
    expect(act({ shelve: null }).status).toBe(202);
    cloud.clock.advance(600_000);
    // shelvedOffloadTime -1 keeps an image-backed server SHELVED; a volume-backed one offloads.
    expect(show().status).toBe('SHELVED_OFFLOADED');
    expect(imageNames()).not.toContain('both-shelved');
  });

  it('an offloaded unshelve has no shelved image for the conductor to read', () => {
    const { cloud, id, act } = setup();
    act({ shelve: null });
    cloud.clock.advance(600_000);
    expect(act({ unshelve: null }).status).toBe(202);
    cloud.clock.advance(600_000);
    const list = call(cloud, 'GET', `servers/${id}/os-instance-actions`, { admin: true });
    const requestId = (list.body as { instanceActions: Json[] }).instanceActions[0]!.request_id;
    const shown = call(cloud, 'GET', `servers/${id}/os-instance-actions/${String(requestId)}`, {
      version: '2.51',
      admin: true,
    });
    const action = (shown.body as { instanceAction: { events: Json[] } }).instanceAction;
    expect(action.events.map((e) => e.event)).toEqual([
      'compute_unshelve_instance',
      'schedule_instances',
    ]);
  });

  it('createImage is a volume snapshot: the task_state never moves, the image holds no data', () => {
    const { act, show, cloud } = setup();
    const res = act({ createImage: { name: 'snap' } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(show()['OS-EXT-STS:task_state']).toBeNull();
    const imageId = (res.body as { image_id: string }).image_id;
    // An image-backed snapshot is still uploading after one second; a volume snapshot is done.
    cloud.clock.advance(1_000);
    const image = call(cloud, 'GET', `images/${imageId}`).body as { image: Json };
    expect(image.image.status).toBe('ACTIVE');
    expect(image.image['OS-EXT-IMG-SIZE:size']).toBe(0);
  });

  it('createImage asks the allow_volume_backed rule', () => {
    const { act, show } = setup({
      'os_compute_api:servers:create_image:allow_volume_backed': 'admin',
    });
    const res = act({ createImage: { name: 'snap' } });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).toContain(
      'os_compute_api:servers:create_image:allow_volume_backed',
    );
    expect(show()['OS-EXT-STS:task_state']).toBeNull();
  });

  it('createBackup is refused with 400 and changes nothing', () => {
    const { act, show, imageNames } = setup();
    const before = imageNames();
    const res = act({ createBackup: { name: 'b', backup_type: 'daily', rotation: 1 } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(
      'Backup is not supported for volume-backed instances.',
    );
    expect(show()['OS-EXT-STS:task_state']).toBeNull();
    expect(imageNames()).toEqual(before);
  });

  it('rescue is refused with 400', () => {
    const { id, act, show } = setup();
    const res = act({ rescue: null });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(
      `Instance ${id} cannot be rescued: Cannot rescue a volume-backed instance`,
    );
    expect(show().status).toBe('ACTIVE');
  });

  it('from 2.87 it is rescued from an image naming a rescue bus and device (stable rescue)', () => {
    const { cloud, act, show } = setup();
    const addProperty = (name: string, value: string) => {
      const res = cloud.request({
        service: 'image',
        method: 'PATCH',
        path: `/v2/images/${OTHER}`,
        headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
        body: [{ op: 'add', path: `/${name}`, value }],
        auth: { projectId: 'p-admin', userId: 'admin', roles: ['admin'] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    const rescue = (version: string) => act({ rescue: { rescue_image_ref: OTHER } }, version);
    addProperty('hw_rescue_bus', 'virtio');
    // Both properties are needed.
    expect(rescue('2.87').status).toBe(400);
    addProperty('hw_rescue_device', 'disk');
    expect(rescue('2.86').status).toBe(400);
    expect(rescue('2.87').status).toBe(200);
    cloud.clock.advance(60_000);
    expect(show().status).toBe('RESCUE');
  });

  it('rebuild before 2.93 is refused another image than the root volume was made from', () => {
    const { act, show } = setup();
    const res = act({ rebuild: { imageRef: OTHER } }, '2.92');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(
      'Unable to rebuild with a different image for a volume-backed server.',
    );
    expect(show().status).toBe('ACTIVE');
  });

  it('rebuild from 2.93 reimages the root volume and keeps the image_ref', () => {
    const { cloud, act, show } = setup();
    expect(act({ rebuild: { imageRef: OTHER } }).status).toBe(202);
    cloud.clock.advance(600_000);
    expect(show().status).toBe('ACTIVE');
    expect((show().image as { id: string }).id).toBe(IMAGE);
  });
});
