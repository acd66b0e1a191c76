import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { VOLUME_STEP_MS } from '../../src/compute/volume-flows.js';

// The compute's attach_volume and detach_volume are `wrap_instance_event` methods (master
// nova/compute/manager.py): the API's cast opens the event on the server's host and it
// closes once the attachment is complete (or deleted). A shelved-offloaded server has no
// compute to cast to: its attach and detach record no event.

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const MEMBER = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };

function nova(cloud: Cloud, method: string, path: string, body?: unknown) {
  return cloud.request({
    method,
    path: `/v2.1${path}`,
    headers: { 'OpenStack-API-Version': 'compute 2.84' },
    ...(body === undefined ? {} : { body }),
    auth: MEMBER,
  });
}

function setUp(): { cloud: Cloud; id: string; volume: string } {
  const cloud = createCloud({ seed: 4, config: { jitter: 0 } });
  const volume = cloud.request({
    service: 'volume',
    method: 'POST',
    path: `/v3/${SAMPLE_PROJECT_ID}/volumes`,
    body: { volume: { size: 1 } },
    auth: MEMBER,
  }).body.volume.id as string;
  const res = nova(cloud, 'POST', '/servers', {
    server: { name: 'vm', flavorRef: '1', imageRef: IMAGE, networks: 'none' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  return { cloud, id: res.body.server.id as string, volume };
}

function lastEvents(cloud: Cloud, id: string) {
  const action = cloud.compute.get(id)!.actions.at(-1)!;
  return {
    action: action.action,
    events: action.events.map((e) => [e.event, e.host, e.startTime, e.finishTime, e.result]),
  };
}

describe('volume attach and detach events', () => {
  it('attach: compute_attach_volume on the host until the attachment completes', () => {
    const { cloud, id, volume } = setUp();
    const host = cloud.compute.get(id)!.host;
    const at = cloud.clock.now();
    const res = nova(cloud, 'POST', `/servers/${id}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(lastEvents(cloud, id)).toEqual({
      action: 'attach_volume',
      events: [['compute_attach_volume', host, at, null, null]],
    });
    cloud.clock.advance(60_000);
    const done = at + VOLUME_STEP_MS.connect + VOLUME_STEP_MS.attach;
    expect(lastEvents(cloud, id).events).toEqual([
      ['compute_attach_volume', host, at, done, 'Success'],
    ]);
  });

  it('detach: compute_detach_volume on the host until the attachment is gone', () => {
    const { cloud, id, volume } = setUp();
    const host = cloud.compute.get(id)!.host;
    nova(cloud, 'POST', `/servers/${id}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    cloud.clock.advance(60_000);
    const at = cloud.clock.now();
    expect(nova(cloud, 'DELETE', `/servers/${id}/os-volume_attachments/${volume}`).status).toBe(
      202,
    );
    cloud.clock.advance(60_000);
    expect(lastEvents(cloud, id)).toEqual({
      action: 'detach_volume',
      events: [['compute_detach_volume', host, at, at + VOLUME_STEP_MS.detach, 'Success']],
    });
  });

  it('a shelved-offloaded server: no compute, no event', () => {
    const { cloud, id, volume } = setUp();
    expect(nova(cloud, 'POST', `/servers/${id}/action`, { shelve: null }).status).toBe(202);
    cloud.clock.advance(600_000);
    expect(cloud.compute.get(id)!.machine.vmState).toBe('shelved_offloaded');
    const res = nova(cloud, 'POST', `/servers/${id}/os-volume_attachments`, {
      volumeAttachment: { volumeId: volume },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(lastEvents(cloud, id)).toEqual({ action: 'attach_volume', events: [] });
  });
});
