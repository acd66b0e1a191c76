import { describe, expect, it } from 'vitest';
import { type Cloud, createCloud } from '../../src/cloud.js';
import type { InstanceAction } from '../../src/compute/server.js';
import { bootWithoutNetworks as boot, call } from '../api/extras/helpers.js';

// The compute's part of a move, one event per `wrap_instance_event(prefix='compute')`
// method of master nova/compute/manager.py, on the compute that runs it: a resize or cold
// migration is prep_resize (destination), resize_instance (source), finish_resize
// (destination); a revert is revert_resize (destination), finish_revert_resize (source);
// a confirm is confirm_resize on the source; a live migration is the destination's and the
// source's checks, live_migration (source), pre_live_migration and
// post_live_migration_at_destination (destination). The conductor's events show its host.

type Json = Record<string, unknown>;

function cloudOf(): Cloud {
  return createCloud({
    seed: 5,
    config: { jitter: 0 },
    hosts: [{ name: 'c1' }, { name: 'c2', memoryMb: 16384 }],
  });
}

function post(cloud: Cloud, id: string, body: unknown, version = '2.84'): void {
  const res = call(cloud, 'POST', `servers/${id}/action`, { body, version, admin: true });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

/** The task state each step entered, with the time it did. */
function stepTimes(cloud: Cloud, id: string): Map<string, number> {
  const entered = new Map<string, number>();
  cloud.events.on('server.step', (e) => {
    if (e.serverId === id) entered.set(String(e.taskState), e.at);
  });
  return entered;
}

function lastAction(cloud: Cloud, id: string): InstanceAction {
  return cloud.compute.get(id)!.actions.at(-1)!;
}

function shown(cloud: Cloud, id: string, version = '2.84'): Json[] {
  const action = lastAction(cloud, id);
  const res = call(cloud, 'GET', `servers/${id}/os-instance-actions/${action.requestId}`, {
    version,
    admin: true,
  });
  expect(res.status).toBe(200);
  return (res.body as { instanceAction: { events: Json[] } }).instanceAction.events;
}

function byName(action: InstanceAction, name: string) {
  const event = action.events.find((e) => e.event === name);
  expect(event, name).toBeDefined();
  return event!;
}

describe('resize and cold migration', () => {
  it('hand over from prep_resize to resize_instance to finish_resize as the task state moves', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    const entered = stepTimes(cloud, id);
    const requested = cloud.clock.now();
    post(cloud, id, { resize: { flavorRef: '2' } });
    cloud.clock.advance(600_000);
    const action = lastAction(cloud, id);
    const migrating = entered.get('resize_migrating')!;
    const finishing = entered.get('resize_finish')!;
    const done = entered.get('null')!;
    expect(requested).toBeLessThan(migrating);
    expect(migrating).toBeLessThan(finishing);
    expect(finishing).toBeLessThan(done);
    const prep = byName(action, 'compute_prep_resize');
    const resize = byName(action, 'compute_resize_instance');
    const finish = byName(action, 'compute_finish_resize');
    expect([prep.host, resize.host, finish.host]).toEqual(['c2', 'c1', 'c2']);
    // The conductor places the move as resize_prep ends; prep_resize casts on at once.
    expect([prep.startTime, prep.finishTime]).toEqual([migrating, migrating]);
    expect([resize.startTime, resize.finishTime]).toEqual([migrating, finishing]);
    expect([finish.startTime, finish.finishTime]).toEqual([finishing, done]);
    expect(byName(action, 'cold_migrate').startTime).toBe(requested);
    expect(action.events.every((e) => e.result === 'Success')).toBe(true);
    expect(action.updatedAt).toBe(done);
  });

  it('a migration records the same chain, newest first, through the API', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    post(cloud, id, { migrate: null });
    cloud.clock.advance(600_000);
    expect(shown(cloud, id).map((e) => [e.event, e.host, e.result])).toEqual([
      ['compute_finish_resize', 'c2', 'Success'],
      ['compute_resize_instance', 'c1', 'Success'],
      ['compute_prep_resize', 'c2', 'Success'],
      ['cold_migrate', 'controller', 'Success'],
      ['conductor_migrate_server', 'controller', 'Success'],
    ]);
  });

  it('confirm_resize runs on the source the server has left', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    post(cloud, id, { resize: { flavorRef: '2' } });
    cloud.clock.advance(600_000);
    post(cloud, id, { confirmResize: null });
    cloud.clock.advance(600_000);
    expect(shown(cloud, id).map((e) => [e.event, e.host, e.result])).toEqual([
      ['compute_confirm_resize', 'c1', 'Success'],
    ]);
  });

  it('revert_resize on the destination, then finish_revert_resize on the source', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    post(cloud, id, { resize: { flavorRef: '2' } });
    cloud.clock.advance(600_000);
    const entered = stepTimes(cloud, id);
    const requested = cloud.clock.now();
    post(cloud, id, { revertResize: null });
    cloud.clock.advance(600_000);
    const done = entered.get('null')!;
    expect(done).toBeGreaterThan(requested);
    const action = lastAction(cloud, id);
    const revert = byName(action, 'compute_revert_resize');
    const finish = byName(action, 'compute_finish_revert_resize');
    expect([revert.host, revert.startTime, revert.finishTime]).toEqual(['c2', requested, done]);
    expect([finish.host, finish.startTime, finish.finishTime]).toEqual(['c1', done, done]);
    expect(shown(cloud, id).map((e) => e.event)).toEqual([
      'compute_finish_revert_resize',
      'compute_revert_resize',
    ]);
  });

  it("a stopped server's revert keeps finish_revert_resize open through its power-off", () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    post(cloud, id, { 'os-stop': null });
    cloud.clock.advance(600_000);
    post(cloud, id, { resize: { flavorRef: '2' } });
    cloud.clock.advance(600_000);
    const entered = stepTimes(cloud, id);
    post(cloud, id, { revertResize: null });
    cloud.clock.advance(600_000);
    expect(cloud.compute.get(id)!.machine.vmState).toBe('stopped');
    const finish = byName(lastAction(cloud, id), 'compute_finish_revert_resize');
    expect(finish.startTime).toBe(entered.get('powering-off'));
    expect(finish.finishTime).toBe(entered.get('null'));
    expect(finish.finishTime).toBeGreaterThan(finish.startTime);
  });

  it('a snapshot taken mid-resize restores the open event and finishes the chain alike', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    post(cloud, id, { resize: { flavorRef: '2' } });
    const entered = stepTimes(cloud, id);
    while (!entered.has('resize_migrated')) cloud.clock.advance(100);
    const restored = createCloud({ restore: cloud.snapshot() });
    for (const c of [cloud, restored]) c.clock.advance(600_000);
    expect(restored.compute.get(id)!.actions).toEqual(cloud.compute.get(id)!.actions);
    expect(lastAction(restored, id).events.map((e) => e.event)).toContain('compute_finish_resize');
  });
});

describe('live migration', () => {
  it('records both checks, live_migration, pre and post on the hosts that run them', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    const entered = stepTimes(cloud, id);
    const requested = cloud.clock.now();
    post(cloud, id, { 'os-migrateLive': { host: null, block_migration: 'auto' } }, '2.34');
    cloud.clock.advance(600_000);
    const done = entered.get('null')!;
    expect(done).toBeGreaterThan(requested);
    const action = lastAction(cloud, id);
    expect(
      action.events.map((e) => [e.event, e.host, e.startTime, e.finishTime, e.result]),
    ).toEqual([
      ['conductor_live_migrate_instance', 'controller', requested, done, 'Success'],
      ['compute_check_can_live_migrate_destination', 'c2', done, done, 'Success'],
      ['compute_check_can_live_migrate_source', 'c1', done, done, 'Success'],
      ['compute_live_migration', 'c1', done, done, 'Success'],
      ['compute_pre_live_migration', 'c2', done, done, 'Success'],
      ['compute_post_live_migration_at_destination', 'c2', done, done, 'Success'],
    ]);
  });

  it('force_complete: its own event on the source, and the migration closes its post event', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    post(cloud, id, { 'os-migrateLive': { host: null, block_migration: 'auto' } }, '2.34');
    cloud.clock.advance(1000);
    const at = cloud.clock.now();
    const res = call(cloud, 'POST', `servers/${id}/migrations/1/action`, {
      body: { force_complete: null },
      version: '2.22',
      admin: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const [live, force] = cloud.compute.get(id)!.actions.slice(-2);
    expect(force!.action).toBe('live_migration_force_complete');
    expect(
      force!.events.map((e) => [e.event, e.host, e.startTime, e.finishTime, e.result]),
    ).toEqual([['compute_live_migration_force_complete', 'c1', at, at, 'Success']]);
    expect(live!.action).toBe('live-migration');
    expect(live!.events.every((e) => e.finishTime === at && e.result === 'Success')).toBe(true);
    expect(live!.events.at(-1)!.event).toBe('compute_post_live_migration_at_destination');
  });

  it('an abort records compute_live_migration_abort on the source', () => {
    const cloud = cloudOf();
    const id = boot(cloud);
    post(cloud, id, { 'os-migrateLive': { host: null, block_migration: 'auto' } }, '2.34');
    cloud.clock.advance(1000);
    const res = call(cloud, 'DELETE', `servers/${id}/migrations/1`, {
      version: '2.24',
      admin: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(lastAction(cloud, id).action).toBe('live_migration_cancel');
    expect(shown(cloud, id).map((e) => [e.event, e.host, e.result])).toEqual([
      ['compute_live_migration_abort', 'c1', 'Success'],
    ]);
  });

  it('a refused one still records only the conductor event, on the controller', () => {
    const cloud = createCloud({ seed: 5, config: { jitter: 0 }, hosts: [{ name: 'c1' }] });
    const id = boot(cloud);
    post(cloud, id, { 'os-migrateLive': { host: null, block_migration: 'auto' } }, '2.34');
    cloud.clock.advance(600_000);
    expect(shown(cloud, id).map((e) => [e.event, e.host, e.result])).toEqual([
      ['conductor_live_migrate_instance', 'controller', 'Error'],
    ]);
  });
});
