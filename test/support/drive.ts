import { expect } from 'vitest';
import type { Cloud } from '../../src/cloud.js';
import type { Caller } from '../../src/compute/operations.js';
import * as ops from '../../src/compute/operations.js';
import type { Flavor, Server } from '../../src/compute/server.js';
import { isNovaError, type NovaError } from '../../src/errors/nova-error.js';
import { ADMIN, build, flavor, MEMBER, settle, statusOf } from './engine.js';

/**
 * The server states the operation matrix starts from. `error` is a launched server put
 * into error by os-resetState; `error-unlaunched` a build buried by NoValidHost.
 */
export const ORIGINS = [
  'building',
  'active',
  'stopped',
  'paused',
  'suspended',
  'rescued',
  'resized',
  'error',
  'error-unlaunched',
  'soft-delete',
  'shelved',
  'shelved_offloaded',
] as const;
export type Origin = (typeof ORIGINS)[number];

/** A config in which every origin is reachable: soft delete on, shelve without offload. */
export const MATRIX_CONFIG = { reclaimInstanceInterval: 3600, shelvedOffloadTime: -1 } as const;

/** A flavor no default host can take (64 schedulable vCPUs per host). */
export const HUGE: Flavor = { ...flavor('1'), id: 'huge', name: 'huge', vcpus: 1000 };

/** Drives a fresh server into `origin` through the engine's own operations. */
export function into(cloud: Cloud, origin: Origin): Server {
  if (origin === 'building') {
    const [server] = build(cloud);
    return server!;
  }
  if (origin === 'error-unlaunched') {
    const [server] = build(cloud, { flavor: HUGE });
    settle(cloud, server!);
    expect(statusOf(server!)).toBe('ERROR');
    return server!;
  }
  const [server] = build(cloud);
  const s = server!;
  settle(cloud, s);
  const c = cloud.compute;
  const then = (fn: () => void) => {
    fn();
    settle(cloud, s);
  };
  switch (origin) {
    case 'active':
      break;
    case 'stopped':
      then(() => ops.stop(c, s, MEMBER));
      break;
    case 'paused':
      then(() => ops.pause(c, s, MEMBER));
      break;
    case 'suspended':
      then(() => ops.suspend(c, s, MEMBER));
      break;
    case 'rescued':
      then(() => ops.rescue(c, s, MEMBER));
      break;
    case 'resized':
      then(() => ops.resize(c, s, MEMBER, flavor('2')));
      break;
    case 'error':
      then(() => ops.resetState(c, s, ADMIN, 'error'));
      break;
    case 'soft-delete':
      then(() => ops.deleteServer(c, s, MEMBER));
      break;
    case 'shelved':
      then(() => ops.shelve(c, s, MEMBER));
      break;
    case 'shelved_offloaded':
      then(() => ops.shelve(c, s, MEMBER));
      then(() => ops.shelveOffload(c, s, ADMIN));
      break;
  }
  const vm = origin === 'error' ? 'error' : origin;
  expect(s.machine.vmState).toBe(vm);
  expect(s.machine.taskState).toBeNull();
  return s;
}

/** Records `vm_state/task_state` of every machine step of one server. */
export function recordSteps(cloud: Cloud, server: Server): string[] {
  const seen: string[] = [];
  cloud.events.on('server.step', (e) => {
    if (e.serverId === server.id) seen.push(`${e.vmState}/${e.taskState}`);
  });
  return seen;
}

/** The server as plain JSON (its entry in a cloud snapshot). */
export function serverJSON(cloud: Cloud, server: Server): string {
  return JSON.stringify(cloud.snapshot().servers.find((s) => s.id === server.id));
}

/** The NovaError `fn` throws; fails the test if it throws nothing or something else. */
export function refusal(fn: () => unknown): NovaError {
  try {
    fn();
  } catch (error) {
    if (isNovaError(error)) return error;
    throw error;
  }
  throw new Error('expected a NovaError, nothing was thrown');
}

/** Asserts that `fn` is refused with `code`/`message` and changed nothing in the cloud. */
export function expectRefused(
  cloud: Cloud,
  server: Server,
  fn: () => unknown,
  code: number,
  message: string,
): void {
  const before = JSON.stringify(cloud.snapshot());
  const error = refusal(fn);
  expect({ code: error.code, message: error.message }).toEqual({ code, message });
  expect(serverJSON(cloud, server)).toBe(
    JSON.stringify(JSON.parse(before).servers.find((s: { id: string }) => s.id === server.id)),
  );
  expect(JSON.stringify(cloud.snapshot())).toBe(before);
}

/** Lets the engine run for `ms` of virtual time. */
export function run(cloud: Cloud, ms: number): void {
  cloud.clock.advance(ms);
}

export type { Caller };
