import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { HostSpec } from '../../../src/scheduler/index.js';
import { call, IMAGE } from '../extras/helpers.js';

// The conductor's own instance-action events (master nova/conductor/manager.py:
// `wrap_instance_event(prefix='conductor')` on migrate_server and live_migrate_instance,
// EventReporter blocks `cold_migrate`, `rebuild_server`, `get_image_info` and
// `schedule_instances`), listed newest first as the DB API orders them, with the
// traceback (admins) and details (2.84) of an Error.

type Json = Record<string, unknown>;

function cloudOf(hosts: HostSpec[] = [{ name: 'c1' }, { name: 'c2', memoryMb: 16384 }]): Cloud {
  return createCloud({ seed: 3, config: { jitter: 0 }, hosts });
}

function boot(cloud: Cloud, flavorRef = '1'): string {
  const res = call(cloud, 'POST', 'servers', {
    body: { server: { name: 'x', imageRef: IMAGE, flavorRef, networks: 'none' } },
    version: '2.37',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  return (res.body as { server: { id: string } }).server.id;
}

function act(cloud: Cloud, id: string, body: unknown, version = '2.84'): void {
  const res = call(cloud, 'POST', `servers/${id}/action`, { body, version, admin: true });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  cloud.clock.advance(600_000);
}

/** The last action as `os-instance-actions/{request_id}` shows it. */
function lastAction(cloud: Cloud, id: string, version = '2.84', admin = true): Json {
  const list = call(cloud, 'GET', `servers/${id}/os-instance-actions`, { version, admin });
  const requestId = (list.body as { instanceActions: Json[] }).instanceActions[0]!.request_id;
  const shown = call(cloud, 'GET', `servers/${id}/os-instance-actions/${String(requestId)}`, {
    version,
    admin,
  });
  return (shown.body as { instanceAction: Json }).instanceAction;
}

function events(action: Json): [unknown, unknown, unknown][] {
  return (action.events as Json[]).map((e) => [e.event, e.result, e.host]);
}

describe('a move that the conductor hands to a compute', () => {
  it('resize: prep_resize on the destination, after cold_migrate and migrate_server', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    act(cloud, id, { resize: { flavorRef: '2' } });
    const action = lastAction(cloud, id);
    expect(action.action).toBe('resize');
    expect(events(action)).toEqual([
      ['compute_finish_resize', 'Success', 'c2'],
      ['compute_resize_instance', 'Success', 'c1'],
      ['compute_prep_resize', 'Success', 'c2'],
      ['cold_migrate', 'Success', 'controller'],
      ['conductor_migrate_server', 'Success', 'controller'],
    ]);
    for (const event of action.events as Json[]) {
      expect(event.traceback).toBeNull();
      expect(event.details).toBeNull();
    }
  });

  it('rebuild: rebuild_server, then the compute', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    act(cloud, id, { rebuild: { imageRef: IMAGE } });
    expect(events(lastAction(cloud, id))).toEqual([
      ['compute_rebuild_instance', 'Success', 'c1'],
      ['rebuild_server', 'Success', 'controller'],
    ]);
  });

  it('evacuate: rebuild_server, then the destination compute', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    cloud.scheduler.setForcedDown('c1', true);
    act(cloud, id, { evacuate: {} });
    expect(events(lastAction(cloud, id))).toEqual([
      ['compute_rebuild_instance', 'Success', 'c2'],
      ['rebuild_server', 'Success', 'controller'],
    ]);
  });

  for (const [version, conductor] of [
    ['2.34', 'conductor_live_migrate_instance'],
    ['2.25', 'conductor_migrate_server'],
  ] as const) {
    it(`live migration at ${version}: ${conductor}, then the checks, the source and the destination`, () => {
      const cloud = cloudOf();
      const id = boot(cloud);
      act(cloud, id, { 'os-migrateLive': { host: null, block_migration: 'auto' } }, version);
      expect(events(lastAction(cloud, id))).toEqual([
        ['compute_post_live_migration_at_destination', 'Success', 'c2'],
        ['compute_pre_live_migration', 'Success', 'c2'],
        ['compute_live_migration', 'Success', 'c1'],
        ['compute_check_can_live_migrate_source', 'Success', 'c1'],
        ['compute_check_can_live_migrate_destination', 'Success', 'c2'],
        [conductor, 'Success', 'controller'],
      ]);
    });
  }

  it('an offloaded unshelve reads the image, schedules, then unshelves on the new host', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    act(cloud, id, { shelve: null });
    act(cloud, id, { unshelve: null });
    expect(events(lastAction(cloud, id))).toEqual([
      ['compute_unshelve_instance', 'Success', 'c1'],
      ['schedule_instances', 'Success', 'controller'],
      ['get_image_info', 'Success', 'controller'],
    ]);
  });

  it('a shelved server still on its host is started by the compute, no conductor event', () => {
    const cloud = createCloud({ seed: 3, config: { jitter: 0, shelvedOffloadTime: -1 } });
    const id = boot(cloud);
    act(cloud, id, { shelve: null });
    act(cloud, id, { unshelve: null });
    expect(events(lastAction(cloud, id)).map(([name]) => name)).toEqual(['compute_start_instance']);
  });
});

describe('a move the conductor cannot place', () => {
  it("resize: both conductor events fail with _cold_migrate's NoValidHost; no compute event", () => {
    const cloud = cloudOf([{ name: 'c1' }]);
    const id = boot(cloud);
    act(cloud, id, { resize: { flavorRef: '2' } });
    const action = lastAction(cloud, id);
    expect(action.message).toBe('Error');
    expect(events(action)).toEqual([
      ['cold_migrate', 'Error', 'controller'],
      ['conductor_migrate_server', 'Error', 'controller'],
    ]);
    const [cold, outer] = action.events as Json[];
    const details = 'No valid host was found. No valid host found for resize';
    expect(cold!.details).toBe(details);
    expect(outer!.details).toBe(details);
    expect(cold!.traceback).toBe(
      '  File "nova/conductor/manager.py", in _cold_migrate\n' +
        '  File "nova/scheduler/manager.py", in select_destinations\n',
    );
    expect(outer!.traceback).toMatch(
      /^ {2}File "nova\/conductor\/manager\.py", in migrate_server\n/,
    );
  });

  it('migrate: the message names a cold migration', () => {
    const cloud = cloudOf([{ name: 'c1' }]);
    const id = boot(cloud);
    act(cloud, id, { migrate: null });
    const [cold] = lastAction(cloud, id).events as Json[];
    expect(cold!.details).toBe('No valid host was found. No valid host found for cold migrate');
  });

  it('a member at 2.51 sees the events, without traceback or host', () => {
    const cloud = cloudOf([{ name: 'c1' }]);
    const id = boot(cloud);
    act(cloud, id, { migrate: null });
    const action = lastAction(cloud, id, '2.51', false);
    for (const event of action.events as Json[]) {
      expect(event).not.toHaveProperty('traceback');
      expect(event).not.toHaveProperty('host');
    }
    expect((action.events as Json[]).map((e) => e.result)).toEqual(['Error', 'Error']);
  });

  it('evacuate: rebuild_server fails with the NoValidHost the fault shows', () => {
    const cloud = cloudOf([{ name: 'c1' }]);
    const id = boot(cloud);
    cloud.scheduler.setForcedDown('c1', true);
    act(cloud, id, { evacuate: {} });
    const action = lastAction(cloud, id);
    expect(events(action)).toEqual([['rebuild_server', 'Error', 'controller']]);
    expect((action.events as Json[])[0]!.details).toBe(
      'No valid host was found. There are not enough hosts available.',
    );
  });
});
