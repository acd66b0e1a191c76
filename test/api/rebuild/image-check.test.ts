import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { CloudConfigInput } from '../../../src/config.js';
import { call } from '../catalog/helpers.js';
import { IMAGE } from '../extras/helpers.js';
import { catalogImage } from '../fidelity/helpers.js';

// Rebuild onto a new image: master's API forces the server's host and marks the request
// `_nova_check_type: rebuild`; the conductor asks the scheduler, whose filters that run on
// rebuild (ImagePropertiesFilter, AggregateImagePropertiesIsolation, IsolatedHostsFilter)
// judge the new image on that host alone.

const ARM = '6ad5a9c1-0000-4000-8000-00000000a4a4';
const PLAIN = '6ad5a9c1-0000-4000-8000-000000000b0b';

type Json = Record<string, unknown>;

function cloudWith(config: CloudConfigInput = {}, extraImages: Json[] = []): Cloud {
  return createCloud({
    seed: 5,
    hosts: [{ name: 'h1' }, { name: 'h2' }],
    config,
    catalog: {
      images: [
        catalogImage(IMAGE),
        catalogImage(ARM, { properties: { hw_architecture: 'aarch64' } }),
        catalogImage(PLAIN),
        ...extraImages,
      ] as never,
    },
  });
}

function boot(cloud: Cloud, imageRef = IMAGE): string {
  const res = call(cloud, 'POST', 'servers', {
    body: { server: { name: 's', imageRef, flavorRef: '1' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  return (res.body as { server: { id: string } }).server.id;
}

function show(cloud: Cloud, id: string): Json {
  return (
    call(cloud, 'GET', `servers/${id}`, { admin: true, version: '2.96' }).body as { server: Json }
  ).server;
}

function rebuild(cloud: Cloud, id: string, imageRef: string, version = '2.1') {
  return call(cloud, 'POST', `servers/${id}/action`, { body: { rebuild: { imageRef } }, version });
}

function lastAction(cloud: Cloud, id: string): Json {
  const list = call(cloud, 'GET', `servers/${id}/os-instance-actions`, { admin: true }).body as {
    instanceActions: { request_id: string }[];
  };
  const requestId = list.instanceActions[0]!.request_id;
  return (
    call(cloud, 'GET', `servers/${id}/os-instance-actions/${requestId}`, { admin: true }).body as {
      instanceAction: Json;
    }
  ).instanceAction;
}

describe('rebuild onto a new image re-runs the image filters on the server’s host', () => {
  it('an image the host cannot run: ERROR with NoValidHost, the old image back, no claim change', () => {
    const cloud = cloudWith();
    const id = boot(cloud);
    const host = show(cloud, id)['OS-EXT-SRV-ATTR:host'] as string;
    const usage = cloud.scheduler.usage(host);
    expect(rebuild(cloud, id, ARM).status).toBe(202);
    expect(show(cloud, id)).toMatchObject({
      status: 'REBUILD',
      'OS-EXT-STS:task_state': 'rebuilding',
    });
    cloud.clock.advance(60_000);
    const after = show(cloud, id);
    expect(after).toMatchObject({
      status: 'ERROR',
      'OS-EXT-STS:vm_state': 'error',
      'OS-EXT-STS:task_state': null,
      'OS-EXT-SRV-ATTR:host': host,
      image: { id: IMAGE },
      fault: {
        code: 500,
        message: 'No valid host was found. There are not enough hosts available.',
      },
    });
    expect(cloud.scheduler.usage(host)).toEqual(usage);
    const action = lastAction(cloud, id);
    expect(action).toMatchObject({ action: 'rebuild', message: 'Error' });
    expect((action.events as Json[]).map((e) => [e.event, e.result])).toEqual([
      ['rebuild_server', 'Error'],
    ]);
  });

  it('a new image the host takes rebuilds as before, onto the new image', () => {
    const cloud = cloudWith();
    const id = boot(cloud);
    expect(rebuild(cloud, id, PLAIN).status).toBe(202);
    cloud.clock.advance(60_000);
    expect(show(cloud, id)).toMatchObject({ status: 'ACTIVE', image: { id: PLAIN } });
  });

  it('the same image skips the scheduler: even an image the host cannot take rebuilds', () => {
    // Boot the ARM image while ImagePropertiesFilter is off, then turn nothing on: the
    // same-image rebuild asks no scheduler, so it succeeds.
    const cloud = cloudWith({ enabledFilters: ['ComputeFilter'] });
    const id = boot(cloud, ARM);
    expect(show(cloud, id).status).toBe('ACTIVE');
    expect(rebuild(cloud, id, ARM).status).toBe(202);
    cloud.clock.advance(60_000);
    expect(show(cloud, id)).toMatchObject({ status: 'ACTIVE', image: { id: ARM } });
  });

  it('only enabled filters judge: without ImagePropertiesFilter the ARM image rebuilds', () => {
    const cloud = cloudWith({ enabledFilters: ['ComputeFilter'] });
    const id = boot(cloud);
    rebuild(cloud, id, ARM);
    cloud.clock.advance(60_000);
    expect(show(cloud, id)).toMatchObject({ status: 'ACTIVE', image: { id: ARM } });
  });

  it('filters that do not run on rebuild pass: a disabled host still takes the new image', () => {
    const cloud = cloudWith();
    const id = boot(cloud);
    const host = show(cloud, id)['OS-EXT-SRV-ATTR:host'] as string;
    cloud.scheduler.setEnabled(host, false, 'maintenance');
    rebuild(cloud, id, PLAIN);
    cloud.clock.advance(60_000);
    expect(show(cloud, id)).toMatchObject({ status: 'ACTIVE', image: { id: PLAIN } });
  });

  it('IsolatedHostsFilter runs on rebuild: an isolated image refused on a plain host', () => {
    const cloud = cloudWith({
      enabledFilters: ['ComputeFilter', 'IsolatedHostsFilter'],
      isolatedImages: [PLAIN],
      isolatedHosts: ['nowhere'],
    });
    const id = boot(cloud);
    rebuild(cloud, id, PLAIN);
    cloud.clock.advance(60_000);
    expect(show(cloud, id)).toMatchObject({ status: 'ERROR', image: { id: IMAGE } });
  });

  it('an image requiring a trait the host lacks: the conductor’s own NoValidHost', () => {
    const traited = catalogImage('6ad5a9c1-0000-4000-8000-0000000000ee', {
      properties: { 'trait:CUSTOM_FPGA': 'required' },
    });
    const cloud = cloudWith({}, [traited]);
    const id = boot(cloud);
    rebuild(cloud, id, traited.id as string);
    cloud.clock.advance(60_000);
    expect(show(cloud, id)).toMatchObject({
      status: 'ERROR',
      image: { id: IMAGE },
      fault: {
        message:
          'No valid host was found. Image traits cannot be satisfied by the current resource ' +
          'providers. Either specify a different image during rebuild or create a new server ' +
          'with the specified image.',
      },
    });
  });

  it('a filter that raises (hw_maxphysaddr_bits) leaves the server rebuilding, as master does', () => {
    // The conductor's rebuild_instance catches NoValidHost, not AttributeError: the
    // exception leaves the task as it is and closes only the conductor's event.
    const bits = catalogImage('6ad5a9c1-0000-4000-8000-0000000000ff', {
      properties: { hw_architecture: 'x86_64', hw_maxphysaddr_bits: '42' },
    });
    const cloud = cloudWith({}, [bits]);
    const id = boot(cloud);
    rebuild(cloud, id, bits.id as string);
    cloud.clock.advance(600_000);
    expect(show(cloud, id)).toMatchObject({
      status: 'REBUILD',
      'OS-EXT-STS:task_state': 'rebuilding',
      image: { id: bits.id },
    });
    expect((lastAction(cloud, id).events as Json[]).map((e) => [e.event, e.result])).toEqual([
      ['rebuild_server', 'Error'],
    ]);
  });

  it('a stopped server refused the new image ends in ERROR too', () => {
    const cloud = cloudWith();
    const id = boot(cloud);
    call(cloud, 'POST', `servers/${id}/action`, { body: { 'os-stop': null } });
    cloud.clock.advance(60_000);
    rebuild(cloud, id, ARM);
    cloud.clock.advance(60_000);
    expect(show(cloud, id)).toMatchObject({ status: 'ERROR', 'OS-EXT-STS:task_state': null });
  });

  it('a snapshot taken before the conductor runs keeps the pending check', () => {
    const cloud = cloudWith();
    const id = boot(cloud);
    rebuild(cloud, id, ARM);
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    restored.clock.advance(60_000);
    expect(show(restored, id)).toMatchObject({ status: 'ERROR', image: { id: IMAGE } });
  });
});

describe('rebuild API checks of the new image', () => {
  it('an unknown hw_architecture is a 400 before anything changes', () => {
    const bad = catalogImage('6ad5a9c1-0000-4000-8000-0000000000cc', {
      properties: { hw_architecture: 'z80' },
    });
    const cloud = cloudWith({}, [bad]);
    const id = boot(cloud);
    const res = rebuild(cloud, id, bad.id as string);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      badRequest: { code: 400, message: "Architecture name 'z80' is not recognised" },
    });
    expect(show(cloud, id).status).toBe('ACTIVE');
  });

  it('a new image that introduces a NUMA topology is refused', () => {
    const numa = catalogImage('6ad5a9c1-0000-4000-8000-0000000000dd', {
      properties: { hw_numa_nodes: '1' },
    });
    const cloud = cloudWith({}, [numa]);
    const id = boot(cloud);
    const res = rebuild(cloud, id, numa.id as string);
    expect(res.status).toBe(400);
    expect((res.body as { badRequest: { message: string } }).badRequest.message).toBe(
      "An instance's NUMA topology cannot be changed as part of a rebuild. " +
        'The image provided is invalid for this instance.',
    );
  });
});
