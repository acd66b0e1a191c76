import { describe, expect, it } from 'vitest';
import * as ops from '../../src/compute/operations.js';
import { ADMIN, active, build, engine, MEMBER, settle, statusOf } from '../support/engine.js';

describe('engine smoke', () => {
  it('builds to ACTIVE through Nova task states', () => {
    const cloud = engine({ trace: true });
    const [server] = build(cloud);
    const seen: string[] = [];
    cloud.events.on('server.step', (e) => seen.push(`${e.vmState}/${e.taskState}`));
    settle(cloud, server!);
    expect(statusOf(server!)).toBe('ACTIVE');
    expect(seen).toEqual([
      'building/null',
      'building/networking',
      'building/block_device_mapping',
      'building/spawning',
      'active/null',
    ]);
    expect(server!.host).toMatch(/^compute-/);
    expect(server!.launchedAt).not.toBeNull();
  });

  it('runs a few operations', () => {
    const cloud = engine();
    const server = active(cloud);
    ops.stop(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(statusOf(server)).toBe('SHUTOFF');
    ops.reboot(cloud.compute, server, MEMBER, true);
    expect(statusOf(server)).toBe('SHUTOFF');
    settle(cloud, server);
    expect(statusOf(server)).toBe('ACTIVE');
    ops.resize(cloud.compute, server, MEMBER, { ...server.flavor, id: '2', ram: 2048 });
    settle(cloud, server);
    expect(statusOf(server)).toBe('VERIFY_RESIZE');
    ops.confirmResize(cloud.compute, server, MEMBER);
    settle(cloud, server);
    expect(statusOf(server)).toBe('ACTIVE');
    ops.deleteServer(cloud.compute, server, ADMIN);
    settle(cloud, server);
    expect(server.deleted).toBe(true);
    expect(cloud.scheduler.claimsOf(server.id)).toEqual([]);
  });
});
