import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_MS } from '../../../src/clock/virtual-clock.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { ADMIN, action, activeServer, show, V } from './helpers.js';

const MINUTE = 60_000;

/** Puts the server into `status` by the owner's action, then resets it to active. */
function resetFrom(cloud: Cloud, id: string, body: unknown, status: string): void {
  expect(action(cloud, id, body).status).toBeLessThan(300);
  cloud.clock.advance(MINUTE);
  expect(show(cloud, id).status).toBe(status);
  expect(action(cloud, id, { 'os-resetState': { state: 'active' } }, ADMIN).status).toBe(202);
  expect(show(cloud, id).status).toBe('ACTIVE');
}

function lastAction(cloud: Cloud, id: string) {
  const list = cloud.request({
    method: 'GET',
    path: `/v2.1/servers/${id}/os-instance-actions`,
    headers: V,
  }).body.instanceActions as Array<Record<string, unknown>>;
  const first = list[0]!;
  const detail = cloud.request({
    method: 'GET',
    path: `/v2.1/servers/${id}/os-instance-actions/${first.request_id as string}`,
    headers: V,
    auth: ADMIN,
  }).body.instanceAction;
  return { action: first, events: detail.events as Array<Record<string, unknown>> };
}

describe("nova-compute's power sync (sync_power_state_interval)", () => {
  it('stops a stopped server reset to active at the next sync, through the stop API', () => {
    const { cloud, id } = activeServer();
    resetFrom(cloud, id, { 'os-stop': null }, 'SHUTOFF');
    expect(show(cloud, id)['OS-EXT-STS:power_state']).toBe(4);
    // The first sync runs 600 s after the cloud started.
    cloud.clock.advanceTo(DEFAULT_EPOCH_MS + 600_000 - 1);
    expect(show(cloud, id).status).toBe('ACTIVE');
    cloud.clock.advance(MINUTE);
    const server = show(cloud, id);
    expect(server.status).toBe('SHUTOFF');
    expect(server['OS-EXT-STS:power_state']).toBe(4);
    const { action: stop, events } = lastAction(cloud, id);
    expect(stop).toMatchObject({ action: 'stop', user_id: null, project_id: null });
    expect(events.map((e) => [e.event, e.result])).toEqual([['compute_stop_instance', 'Success']]);
  });

  it('stops a suspended server reset to active (libvirt keeps it shut off)', () => {
    const { cloud, id } = activeServer();
    resetFrom(cloud, id, { suspend: null }, 'SUSPENDED');
    cloud.clock.advance(10 * MINUTE);
    expect(show(cloud, id).status).toBe('SHUTOFF');
  });

  it('leaves a paused server reset to active running paused, as Nova ignores it', () => {
    const { cloud, id } = activeServer();
    resetFrom(cloud, id, { pause: null }, 'PAUSED');
    cloud.clock.advance(30 * MINUTE);
    expect(show(cloud, id)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:power_state': 3 });
  });

  it('never runs with a negative interval, and runs at the periodic interval with 0', () => {
    const off = activeServer({ syncPowerStateInterval: -1 });
    resetFrom(off.cloud, off.id, { 'os-stop': null }, 'SHUTOFF');
    off.cloud.clock.advance(60 * MINUTE);
    expect(show(off.cloud, off.id).status).toBe('ACTIVE');

    const often = activeServer({ syncPowerStateInterval: 0 });
    resetFrom(often.cloud, often.id, { 'os-stop': null }, 'SHUTOFF');
    often.cloud.clock.advance(2 * MINUTE);
    expect(show(often.cloud, often.id).status).toBe('SHUTOFF');
  });

  it('waits for a host that is down, and survives a snapshot', () => {
    const { cloud, id } = activeServer();
    resetFrom(cloud, id, { 'os-stop': null }, 'SHUTOFF');
    const restored = createCloud({ restore: cloud.snapshot() });
    restored.clock.advance(10 * MINUTE);
    expect(show(restored, id).status).toBe('SHUTOFF');

    const host = show(cloud, id, ADMIN)['OS-EXT-SRV-ATTR:host'] as string;
    cloud.hosts.down(host);
    cloud.clock.advance(10 * MINUTE);
    expect(show(cloud, id).status).toBe('ACTIVE');
    cloud.hosts.up(host);
    cloud.clock.advance(10 * MINUTE);
    expect(show(cloud, id).status).toBe('SHUTOFF');
  });
});
