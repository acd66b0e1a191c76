import { describe, expect, it } from 'vitest';
import * as ops from '../../src/compute/operations.js';
import { SERVER_STATUSES, statusFromState } from '../../src/compute/status-map.js';
import { isNovaError } from '../../src/errors/nova-error.js';
import { HUGE, MATRIX_CONFIG } from '../support/drive.js';
import { ADMIN, active, build, engine, flavor, IMAGE, MEMBER, settle } from '../support/engine.js';

// DESIGN.md: every status must be reachable. Each is reached here through the engine's
// own operations and observed on `server.status` events.

describe('every DESIGN.md status is reachable through the engine', () => {
  it('reaches the 19 statuses other than UNKNOWN', () => {
    const cloud = engine({ config: MATRIX_CONFIG, hosts: { count: 3 } });
    const seen = new Set<string>();
    cloud.events.on('server.status', (e) => {
      seen.add(e.from);
      seen.add(e.to);
      // The event's status is the status map of its own pair.
      expect(e.to).toBe(statusFromState(e.vmState, e.taskState));
    });
    const c = cloud.compute;
    const walk = (fn: () => void, server: Parameters<typeof settle>[1]) => {
      fn();
      settle(cloud, server);
    };

    const a = active(cloud); // BUILD, ACTIVE
    walk(() => ops.reboot(c, a, MEMBER, false), a); // REBOOT
    walk(() => ops.reboot(c, a, MEMBER, true), a); // HARD_REBOOT
    walk(() => ops.rebuild(c, a, MEMBER, IMAGE), a); // REBUILD
    walk(() => ops.resize(c, a, MEMBER, flavor('2')), a); // RESIZE, VERIFY_RESIZE
    walk(() => ops.revertResize(c, a, MEMBER), a); // REVERT_RESIZE
    walk(() => ops.liveMigrate(c, a, ADMIN, null), a); // MIGRATING
    walk(() => ops.pause(c, a, MEMBER), a); // PAUSED
    walk(() => ops.unpause(c, a, MEMBER), a);
    walk(() => ops.suspend(c, a, MEMBER), a); // SUSPENDED
    walk(() => ops.resume(c, a, MEMBER), a);
    walk(() => ops.rescue(c, a, MEMBER), a); // RESCUE
    walk(() => ops.unrescue(c, a, MEMBER), a);
    walk(() => ops.stop(c, a, MEMBER), a); // SHUTOFF
    walk(() => ops.start(c, a, MEMBER), a);
    walk(() => ops.shelve(c, a, MEMBER), a); // SHELVED
    walk(() => ops.shelveOffload(c, a, ADMIN), a); // SHELVED_OFFLOADED
    walk(() => ops.unshelve(c, a, MEMBER), a);
    walk(() => ops.deleteServer(c, a, MEMBER), a); // SOFT_DELETED
    walk(() => ops.deleteServer(c, a, MEMBER, true), a); // DELETED
    expect(a.deleted).toBe(true);

    // PASSWORD: the synchronous changePassword passes through it within the call…
    const p = active(cloud);
    ops.changePassword(c, p, MEMBER);
    // …and stays there when the compute does not answer the RPC call (§8.4).
    cloud.hosts.down(p.host!);
    let code = 0;
    try {
      ops.changePassword(c, p, MEMBER);
    } catch (error) {
      if (!isNovaError(error)) throw error;
      code = error.code;
    }
    expect(code).toBe(500);
    expect(statusFromState(p.machine.vmState, p.machine.taskState)).toBe('PASSWORD');

    // ERROR: a build that finds no host.
    const [e] = build(cloud, { flavor: HUGE });
    settle(cloud, e!);

    const missing = SERVER_STATUSES.filter((s) => !seen.has(s));
    expect(missing).toEqual(['UNKNOWN']);
  });

  it('shows UNKNOWN only for a vm_state outside the map: the machine never has one', () => {
    // The engine's vm_state comes from the machine, whose states are all mapped (see
    // consistency.test.ts); UNKNOWN exists for corrupt rows, which only a direct call shows.
    expect(statusFromState('corrupt', null)).toBe('UNKNOWN');
  });
});
