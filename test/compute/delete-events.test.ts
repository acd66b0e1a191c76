import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { bootWithoutNetworks as boot, call } from '../api/extras/helpers.js';

// A delete the compute carries out records its `wrap_instance_event` (master
// nova/compute/manager.py): terminate_instance for a delete or force-delete,
// soft_delete_instance for a soft delete, on the server's host; a local delete (no host,
// or its service down) asks no compute and records no event.

type Json = Record<string, unknown>;

function deleteEvents(cloud: Cloud, id: string): Json[] {
  const list = call(cloud, 'GET', `servers/${id}/os-instance-actions`, {
    version: '2.84',
    admin: true,
  });
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  const actions = (list.body as { instanceActions: Json[] }).instanceActions;
  expect(actions[0]!.action).toBe('delete');
  const shown = call(
    cloud,
    'GET',
    `servers/${id}/os-instance-actions/${String(actions[0]!.request_id)}`,
    { version: '2.84', admin: true },
  );
  expect(shown.status).toBe(200);
  return (shown.body as { instanceAction: { events: Json[] } }).instanceAction.events;
}

describe('the compute event of a delete', () => {
  it('a delete: compute_terminate_instance on the host, closed when the row is gone', () => {
    const cloud = createCloud({ seed: 2, config: { jitter: 0 } });
    const id = boot(cloud);
    const host = cloud.compute.get(id)!.host;
    expect(call(cloud, 'DELETE', `servers/${id}`).status).toBe(204);
    cloud.clock.advance(60_000);
    const events = deleteEvents(cloud, id);
    expect(events.map((e) => [e.event, e.host, e.result])).toEqual([
      ['compute_terminate_instance', host, 'Success'],
    ]);
    expect(events[0]!.finish_time).not.toBeNull();
  });

  it('a soft delete: compute_soft_delete_instance', () => {
    const cloud = createCloud({ seed: 2, config: { jitter: 0, reclaimInstanceInterval: 3600 } });
    const id = boot(cloud);
    expect(call(cloud, 'DELETE', `servers/${id}`).status).toBe(204);
    cloud.clock.advance(60_000);
    expect(deleteEvents(cloud, id).map((e) => [e.event, e.result])).toEqual([
      ['compute_soft_delete_instance', 'Success'],
    ]);
  });

  it('a local delete, its host down, records no event', () => {
    const cloud = createCloud({ seed: 2, config: { jitter: 0 } });
    const id = boot(cloud);
    cloud.scheduler.setForcedDown(cloud.compute.get(id)!.host!, true);
    expect(call(cloud, 'DELETE', `servers/${id}`).status).toBe(204);
    cloud.clock.advance(60_000);
    expect(deleteEvents(cloud, id)).toEqual([]);
  });
});
