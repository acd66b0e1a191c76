import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { type Cloud, createCloud } from '../../src/cloud.js';
import * as ops from '../../src/compute/operations.js';
import type { Server } from '../../src/compute/server.js';
import { TASK_STATES, VM_STATES } from '../../src/compute/states.js';
import { statusFromState } from '../../src/compute/status-map.js';
import { isNovaError } from '../../src/errors/nova-error.js';
import { RESOURCE_CLASSES } from '../../src/scheduler/index.js';
import { ADMIN, build, engine, flavor, IMAGE, MEMBER } from '../support/engine.js';

// Random operation sequences against the engine. Whatever the order, timing and faults:
// no host goes over capacity, claims add up, quota usage matches the servers, every
// status event is the status map of its pair, and nothing but a NovaError is thrown.

type Op = (cloud: Cloud, server: Server) => void;

const OPS: Readonly<Record<string, Op>> = {
  rebootSoft: (c, s) => ops.reboot(c.compute, s, MEMBER, false),
  rebootHard: (c, s) => ops.reboot(c.compute, s, MEMBER, true),
  stop: (c, s) => ops.stop(c.compute, s, MEMBER),
  start: (c, s) => ops.start(c.compute, s, MEMBER),
  pause: (c, s) => ops.pause(c.compute, s, MEMBER),
  unpause: (c, s) => ops.unpause(c.compute, s, MEMBER),
  suspend: (c, s) => ops.suspend(c.compute, s, MEMBER),
  resume: (c, s) => ops.resume(c.compute, s, MEMBER),
  rescue: (c, s) => ops.rescue(c.compute, s, MEMBER),
  unrescue: (c, s) => ops.unrescue(c.compute, s, MEMBER),
  rebuild: (c, s) => ops.rebuild(c.compute, s, MEMBER, IMAGE),
  resizeUp: (c, s) => ops.resize(c.compute, s, MEMBER, flavor('3')),
  resizeDown: (c, s) => ops.resize(c.compute, s, MEMBER, flavor('1')),
  confirm: (c, s) => ops.confirmResize(c.compute, s, MEMBER),
  revert: (c, s) => ops.revertResize(c.compute, s, MEMBER),
  migrate: (c, s) => ops.migrate(c.compute, s, ADMIN, null),
  live: (c, s) => ops.liveMigrate(c.compute, s, ADMIN, null),
  evacuate: (c, s) => ops.evacuate(c.compute, s, ADMIN, { host: null, toStopped: false }),
  shelve: (c, s) => ops.shelve(c.compute, s, MEMBER),
  offload: (c, s) => ops.shelveOffload(c.compute, s, ADMIN),
  unshelve: (c, s) => ops.unshelve(c.compute, s, MEMBER),
  password: (c, s) => ops.changePassword(c.compute, s, MEMBER),
  image: (c, s) => ops.createImage(c.compute, s, MEMBER, false),
  delete: (c, s) => ops.deleteServer(c.compute, s, MEMBER),
  forceDelete: (c, s) => ops.deleteServer(c.compute, s, MEMBER, true),
  restore: (c, s) => ops.restore(c.compute, s, MEMBER),
  resetActive: (c, s) => ops.resetState(c.compute, s, ADMIN, 'active'),
  resetError: (c, s) => ops.resetState(c.compute, s, ADMIN, 'error'),
  lock: (c, s) => ops.lock(c.compute, s, MEMBER, null),
  unlock: (c, s) => ops.unlock(c.compute, s, MEMBER),
  hostDown: (c, s) => s.host && c.hosts.down(s.host),
  hostUp: (c, s) => s.host && c.hosts.up(s.host),
};

const command = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      count: fc.integer({ min: 1, max: 3 }),
      big: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('op' as const),
      op: fc.constantFrom(...Object.keys(OPS)),
      at: fc.nat(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 0, max: 90_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('fault' as const), reschedule: fc.boolean() }),
  },
);

const settings = fc.record({
  seed: fc.nat(),
  reclaim: fc.constantFrom(0, 120),
  offload: fc.constantFrom(-1, 0, 60),
  confirmWindow: fc.constantFrom(0, 60),
  sameHost: fc.boolean(),
  jitter: fc.constantFrom(0, 0.3),
});

function checkInvariants(cloud: Cloud): void {
  const servers = [...cloud.compute.servers.values()];
  const live = new Set<string>();
  for (const server of servers) {
    if (server.deleted) {
      expect(cloud.scheduler.claimsOf(server.id), 'claims of a deleted server').toEqual([]);
      continue;
    }
    live.add(server.id);
    if (server.migration) live.add(server.migration.id);
    if (server.host !== null) {
      const holders = [
        ...cloud.scheduler.claimsOf(server.id),
        ...(server.migration ? cloud.scheduler.claimsOf(server.migration.id) : []),
      ];
      expect(
        holders.map((c) => c.host),
        `claim on the host of ${server.id}`,
      ).toContain(server.host);
    }
  }
  for (const host of cloud.hosts.list()) {
    const usage = cloud.scheduler.usage(host.name);
    const capacity = cloud.scheduler.capacity(host.name);
    const sum = { vcpus: 0, memoryMb: 0, diskGb: 0 };
    for (const claim of cloud.scheduler.claimsOnHost(host.name)) {
      expect(live.has(claim.consumerId), `claim of ${claim.consumerId} is held`).toBe(true);
      for (const rc of RESOURCE_CLASSES) sum[rc] += claim.resources[rc];
    }
    expect(usage).toEqual(sum);
    for (const rc of RESOURCE_CLASSES) expect(usage[rc]).toBeLessThanOrEqual(capacity[rc]);
  }
  const counted = servers.filter((s) => !s.deleted && s.machine.vmState !== 'soft-delete');
  expect(cloud.compute.usageOf(MEMBER.projectId)).toEqual({
    instances: counted.length,
    cores: counted.reduce((n, s) => n + s.flavor.vcpus, 0),
    ram: counted.reduce((n, s) => n + s.flavor.ram, 0),
  });
}

type Settings = typeof settings extends fc.Arbitrary<infer T> ? T : never;
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

function cloudFor(config: Settings, trace = false): Cloud {
  return engine({
    seed: config.seed,
    trace,
    hosts: { count: 3, vcpus: 2, memoryMb: 16_384, diskGb: 200 },
    config: {
      reclaimInstanceInterval: config.reclaim,
      shelvedOffloadTime: config.offload,
      resizeConfirmWindow: config.confirmWindow,
      allowResizeToSameHost: config.sameHost,
      jitter: config.jitter,
      quotas: { instances: -1, cores: -1, ram: -1 },
    },
  });
}

/** Applies one command; servers are picked by position in creation order. */
function apply(cloud: Cloud, cmd: Command): void {
  const servers = [...cloud.compute.servers.values()];
  try {
    if (cmd.kind === 'create') {
      build(cloud, { count: cmd.count, flavor: flavor(cmd.big ? '4' : '1') });
    } else if (cmd.kind === 'wait') {
      cloud.clock.advance(cmd.ms);
    } else if (cmd.kind === 'fault') {
      cloud.addFault({ kind: 'build-failure', count: 1, reschedule: cmd.reschedule });
    } else if (servers.length > 0) {
      OPS[cmd.op]!(cloud, servers[cmd.at % servers.length]!);
    }
  } catch (error) {
    if (!isNovaError(error)) throw error;
  }
}

/** Each run builds a cloud and walks many transitions: allow for a busy CI machine. */
const PROPERTY_TIMEOUT_MS = 120_000;

describe('engine properties', () => {
  test.prop([settings, fc.array(command, { minLength: 1, maxLength: 40 })], { numRuns: 60 })(
    'random operation sequences keep capacity, claims, quota and statuses consistent',
    (config, commands) => {
      const cloud = cloudFor(config);
      cloud.events.on('server.status', (e) => {
        expect(e.to).toBe(statusFromState(e.vmState, e.taskState));
      });
      cloud.events.on('server.step', (e) => {
        const server = cloud.compute.get(e.serverId)!;
        expect(statusFromState(e.vmState, e.taskState, server.deleted)).toBe(
          cloud.compute.status(server),
        );
      });
      for (const cmd of commands) {
        apply(cloud, cmd);
        checkInvariants(cloud);
      }
      cloud.clock.advance(3 * 3600_000);
      checkInvariants(cloud);
    },
    PROPERTY_TIMEOUT_MS,
  );

  test.prop([settings, fc.array(command, { minLength: 2, maxLength: 30 }), fc.nat()], {
    numRuns: 25,
  })(
    'a snapshot taken anywhere, restored, continues with the same trace as the original',
    (config, commands, cut) => {
      const original = cloudFor(config, true);
      const split = cut % commands.length;
      for (const cmd of commands.slice(0, split)) apply(original, cmd);
      const copy = createCloud({
        restore: JSON.parse(JSON.stringify(original.snapshot())),
        trace: true,
      });
      const mark = original.trace!.length;
      for (const cloud of [original, copy]) {
        for (const cmd of commands.slice(split)) apply(cloud, cmd);
        cloud.clock.advance(3600_000);
      }
      expect(JSON.stringify(copy.trace)).toBe(JSON.stringify(original.trace!.slice(mark)));
      expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(original.snapshot()));
    },
    PROPERTY_TIMEOUT_MS,
  );
  test.prop([
    fc.oneof(fc.constantFrom(...VM_STATES), fc.string()),
    fc.oneof(fc.constantFrom(null, ...TASK_STATES), fc.string()),
  ])('statusFromState is total: one of the 20 statuses for any pair of strings', (vm, task) => {
    const status = statusFromState(vm, task);
    expect(typeof status).toBe('string');
    expect(status).toMatch(/^[A-Z_]+$/);
  });
});
