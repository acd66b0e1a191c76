import type { Cloud } from '../cloud.js';
import type { Server } from '../compute/server.js';
import { statusFromState } from '../compute/status-map.js';

/**
 * The server a scenario names: by id, else by name. A name shared by several servers
 * picks the one not deleted; a name shared by several live servers is an error.
 */
export function findServerByRef(
  cloud: Cloud,
  ref: string,
): { readonly server: Server } | { readonly error: string } {
  const byId = cloud.compute.get(ref);
  if (byId) return { server: byId };
  const named = [...cloud.compute.servers.values()].filter((s) => s.name === ref);
  const live = named.filter((s) => !s.deleted);
  if (live.length > 1) {
    return { error: `${live.length} servers are named "${ref}": use the id (save it)` };
  }
  const server = live[0] ?? named.at(-1);
  return server ? { server } : { error: `no server with id or name "${ref}"` };
}

/** The fields a scenario checks on a server, as the API would show them. */
export function serverFields(server: Server): Readonly<Record<string, unknown>> {
  const { vmState, taskState, powerState } = server.machine;
  return {
    status: statusFromState(vmState, taskState, server.deleted),
    task_state: taskState,
    vm_state: vmState,
    power_state: powerState,
    host: server.host,
    locked: server.lockedBy !== null,
  };
}
