import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { call, IMAGE } from '../extras/helpers.js';

// A forced evacuation skips the scheduler and every service check (master
// conductor/manager.py rebuild_instance with `host`: only _allocate_for_evacuate_dest_host's
// Placement copy), then casts rebuild_instance to the destination's nova-compute. A stopped
// one never takes the message from its queue: the server stays `rebuilding`, the compute's
// event never starts, until the service comes back and does the rebuild.

type Json = Record<string, unknown>;

/** An ACTIVE server on c1; c1 forced down, c2's nova-compute stopped; evacuated to c2 at 2.25. */
function evacuatedToDeadHost(): { cloud: Cloud; id: string } {
  const cloud = createCloud({
    seed: 3,
    config: { jitter: 0 },
    hosts: [{ name: 'c1' }, { name: 'c2', memoryMb: 16384 }],
  });
  const res = call(cloud, 'POST', 'servers', {
    body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
    version: '2.37',
  });
  cloud.clock.advance(60_000);
  const id = (res.body as { server: { id: string } }).server.id;
  cloud.hosts.forceDown('c1');
  cloud.hosts.down('c2');
  const evacuate = call(cloud, 'POST', `servers/${id}/action`, {
    body: { evacuate: { host: 'c2' } },
    version: '2.25',
    admin: true,
  });
  expect(evacuate.status, JSON.stringify(evacuate.body)).toBe(200);
  cloud.clock.advance(600_000);
  return { cloud, id };
}

function show(cloud: Cloud, id: string): Json {
  return (
    call(cloud, 'GET', `servers/${id}`, { admin: true, version: '2.84' }).body as {
      server: Json;
    }
  ).server;
}

function eventNames(cloud: Cloud, id: string): unknown[] {
  return cloud.compute
    .get(id)!
    .actions.at(-1)!
    .events.map((e) => [e.event, e.result, e.host]);
}

describe('a forced evacuation to a stopped nova-compute', () => {
  it('stays rebuilding on the source, the conductor done, no compute event', () => {
    const { cloud, id } = evacuatedToDeadHost();
    const server = show(cloud, id);
    expect(server.status).toBe('REBUILD');
    expect(server['OS-EXT-STS:task_state']).toBe('rebuilding');
    expect(server['OS-EXT-STS:vm_state']).toBe('active');
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('c1');
    expect(eventNames(cloud, id)).toEqual([['rebuild_server', 'Success', 'controller']]);
    // Placement holds the copy of the allocation on c2 all along.
    expect(cloud.scheduler.claimsOnHost('c2').length).toBe(1);
  });

  it('finishes on the destination once its service comes back', () => {
    const { cloud, id } = evacuatedToDeadHost();
    const up = cloud.clock.now();
    cloud.hosts.up('c2');
    cloud.clock.advance(600_000);
    const server = show(cloud, id);
    expect(server.status).toBe('ACTIVE');
    expect(server['OS-EXT-SRV-ATTR:host']).toBe('c2');
    expect(eventNames(cloud, id)).toEqual([
      ['rebuild_server', 'Success', 'controller'],
      ['compute_rebuild_instance', 'Success', 'c2'],
    ]);
    expect(cloud.compute.get(id)!.actions.at(-1)!.events[1]!.startTime).toBe(up);
  });

  it('a snapshot taken while it waits restores byte for byte and resumes the same way', () => {
    const { cloud, id } = evacuatedToDeadHost();
    const copy = createCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    for (const c of [cloud, copy]) {
      c.hosts.up('c2');
      c.clock.advance(600_000);
    }
    expect(show(copy, id)).toEqual(show(cloud, id));
    expect(show(copy, id).status).toBe('ACTIVE');
  });
});
