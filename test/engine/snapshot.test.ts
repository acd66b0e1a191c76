import { describe, expect, it } from 'vitest';
import { type Cloud, type CloudSnapshot, createCloud } from '../../src/cloud.js';
import * as ops from '../../src/compute/operations.js';
import type { Server } from '../../src/compute/server.js';
import { ADMIN, active, build, engine, flavor, MEMBER, statusOf } from '../support/engine.js';
import { attempt } from '../support/script.js';

// cloud.snapshot() is plain JSON; createCloud({ restore }) resumes it exactly, timed steps
// in flight included: both clouds, continued identically, trace the same events.

/** The same continuation, applied to servers by position so it works on either cloud. */
function continueWith(cloud: Cloud): void {
  const servers = [...cloud.compute.servers.values()];
  const at = (i: number) => servers[i % servers.length]!;
  const c = cloud.compute;
  cloud.clock.advance(2_500);
  attempt(() => ops.confirmResize(c, at(1), MEMBER));
  attempt(() => ops.deleteServer(c, at(2), MEMBER));
  attempt(() => ops.pause(c, at(0), MEMBER));
  cloud.clock.advance(30_000);
  attempt(() => ops.confirmResize(c, at(1), MEMBER));
  attempt(() => ops.rescue(c, at(3), MEMBER));
  const [late] = build(cloud, { name: 'late' });
  cloud.clock.advance(90_000);
  attempt(() => ops.deleteServer(c, late!, MEMBER));
  cloud.clock.advance(120_000);
}

const state = (cloud: Cloud) =>
  JSON.stringify(
    cloud.snapshot().servers.map((s) => ({ ...s, actions: s.actions.length })),
    null,
    1,
  );

function midStep(): { cloud: Cloud; servers: Server[] } {
  const cloud = engine({
    trace: true,
    hosts: { count: 3 },
    config: { jitter: 0.25, reclaimInstanceInterval: 120, resizeConfirmWindow: 60 },
  });
  cloud.addFault({ kind: 'build-failure', count: 1 });
  cloud.addFault({ kind: 'slow-step', task: 'rebooting', probability: 0.5, extraMs: 777 });
  const a = active(cloud);
  const b = active(cloud);
  const c = active(cloud);
  const d = active(cloud);
  ops.reboot(cloud.compute, a, MEMBER, false);
  ops.resize(cloud.compute, b, MEMBER, flavor('2'));
  ops.reboot(cloud.compute, d, MEMBER, true);
  const building = build(cloud, { count: 2 });
  cloud.clock.advance(700);
  return { cloud, servers: [a, b, c, d, ...building] };
}

describe('snapshot / restore mid-step', () => {
  it('round-trips through JSON with servers in the middle of build, resize and reboot', () => {
    const { cloud, servers } = midStep();
    const [a, b, , d, e] = servers;
    expect(statusOf(a!)).toBe('REBOOT');
    expect(statusOf(b!)).toBe('RESIZE');
    expect(statusOf(d!)).toBe('HARD_REBOOT');
    expect(statusOf(e!)).toBe('BUILD');
    expect(cloud.compute.pendingOf(a!.id)).toBeDefined();

    const saved = JSON.parse(JSON.stringify(cloud.snapshot())) as CloudSnapshot;
    const copy = createCloud({ restore: saved, trace: true });
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(saved));
    expect(copy.clock.now()).toBe(cloud.clock.now());

    const mark = cloud.trace!.length;
    continueWith(cloud);
    continueWith(copy);
    const after = cloud.trace!.slice(mark);
    expect(after.length).toBeGreaterThan(30);
    expect(JSON.stringify(copy.trace)).toBe(JSON.stringify(after));
    expect(state(copy)).toBe(state(cloud));
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });

  it('keeps quota usage, claims and periodic tasks across a restore', () => {
    const { cloud } = midStep();
    const copy = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    expect(copy.compute.usageOf(MEMBER.projectId)).toEqual(cloud.compute.usageOf(MEMBER.projectId));
    for (const host of cloud.hosts.list()) {
      expect(copy.scheduler.claimsOnHost(host.name)).toEqual(
        cloud.scheduler.claimsOnHost(host.name),
      );
    }
    // The reclaim task (120 s) still runs in the copy.
    const server = active(copy);
    ops.deleteServer(copy.compute, server, MEMBER);
    copy.clock.advance(400_000);
    expect(server.deleted).toBe(true);
  });

  it('resumes a step stalled on a dead host after the restore', () => {
    const cloud = engine({ trace: true });
    const server = active(cloud);
    ops.reboot(cloud.compute, server, MEMBER, false);
    cloud.hosts.down(server.host!);
    cloud.clock.advance(120_000);
    const copy = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    const twin = copy.compute.get(server.id)!;
    expect(statusOf(twin)).toBe('REBOOT');
    copy.hosts.up(twin.host!);
    copy.clock.advance(10_000);
    expect(statusOf(twin)).toBe('ACTIVE');
  });

  it('restores a server evacuating off a dead host', () => {
    const cloud = engine({ hosts: { count: 2 } });
    const server = active(cloud);
    cloud.hosts.down(server.host!);
    cloud.clock.advance(61_000);
    ops.evacuate(cloud.compute, server, ADMIN, { host: null, toStopped: false });
    cloud.clock.advance(1_500);
    const copy = createCloud({ restore: JSON.parse(JSON.stringify(cloud.snapshot())) });
    const twin = copy.compute.get(server.id)!;
    expect(statusOf(twin)).toBe('REBUILD');
    copy.clock.advance(30_000);
    cloud.clock.advance(30_000);
    expect(statusOf(twin)).toBe('ACTIVE');
    expect(twin.host).toBe(server.host);
  });
});
