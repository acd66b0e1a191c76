import type { Cloud } from '../../cloud.js';
import type { Server } from '../../compute/server.js';
import type { ActionSubject } from '../reference/preconditions.js';
import type { RefTaskState, RefVmState, StatePair } from '../reference/states.js';

/** What the reference needs to know of a server right now (read from the engine's record). */
export function subjectOf(cloud: Cloud, server: Server): ActionSubject {
  return {
    id: server.id,
    vmState: server.machine.vmState as RefVmState,
    taskState: server.machine.taskState as RefTaskState | null,
    launched: server.launchedAt !== null,
    locked: server.lockedBy !== null,
    host: server.host,
    hostUp: server.host !== null && cloud.scheduler.isUp(server.host, cloud.clock.now()),
  };
}

export function pairOf(server: Server): StatePair {
  return {
    vm: (server.deleted ? 'deleted' : server.machine.vmState) as RefVmState,
    task: server.machine.taskState as RefTaskState | null,
  };
}

/** The availability zones of the cloud's hosts, in host order, and one that does not exist. */
export function zonesOf(cloud: Cloud): string[] {
  return [...new Set(cloud.hosts.list().map((h) => h.availabilityZone)), 'nowhere'];
}

/** §8.5: a zone is available when an enabled compute service is in it. */
export function zoneAvailable(cloud: Cloud, zone: string): boolean {
  return cloud.hosts.list().some((h) => h.enabled && h.availabilityZone === zone);
}

/** `3d2af666` for messages; the full id is printed beside it where it matters. */
export function short(id: string): string {
  return id.slice(0, 8);
}
