import type { EventEmitter } from 'eventemitter3';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { Compute } from '../compute/compute.js';
import type { CloudEvents } from '../events.js';
import type { HostControl, HostsOption } from '../scheduler/host-control.js';
import type { HostSpec, Scheduler } from '../scheduler/index.js';

export const DEFAULT_HOSTS: HostsOption = { count: 4 };

interface HostControlParts {
  readonly scheduler: Scheduler;
  readonly compute: Compute;
  readonly clock: VirtualClock;
  readonly events: EventEmitter<CloudEvents>;
}

/** `cloud.hosts`: the operator's levers on compute hosts, each announced as a `host` event. */
export function createHostControl({
  scheduler,
  compute,
  clock,
  events,
}: HostControlParts): HostControl {
  const emit = (host: string, change: Parameters<CloudEvents['host']>[0]['change']) =>
    events.emit('host', { host, change, at: clock.now() });
  return {
    add: (spec) => {
      scheduler.addHost(spec, clock.now());
      emit(spec.name, 'added');
    },
    remove: (name) => {
      scheduler.removeHost(name);
      emit(name, 'removed');
    },
    down: (name) => {
      compute.hostDown(name);
      emit(name, 'down');
    },
    up: (name) => {
      compute.hostUp(name);
      emit(name, 'up');
    },
    disable: (name, reason) => {
      scheduler.setEnabled(name, false, reason);
      emit(name, 'disabled');
    },
    enable: (name) => {
      scheduler.setEnabled(name, true);
      emit(name, 'enabled');
    },
    forceDown: (name, forced = true) => {
      scheduler.setForcedDown(name, forced);
      emit(name, forced ? 'forced-down' : 'forced-up');
    },
    status: (name) => scheduler.hostStatus(name, clock.now()),
    list: () => scheduler.hosts(),
  };
}

/** The host list a `hosts` option names: explicit specs, or `count` alike hosts. */
export function hostSpecs(option: HostsOption): HostSpec[] {
  if (Array.isArray(option)) return [...(option as readonly HostSpec[])];
  const {
    count,
    namePrefix = 'compute-',
    ...sizes
  } = option as Exclude<HostsOption, readonly HostSpec[]>;
  return Array.from({ length: count }, (_, i) => ({ ...sizes, name: `${namePrefix}${i + 1}` }));
}
