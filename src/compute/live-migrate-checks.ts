import { NovaError } from '../errors/nova-error.js';
import type { Server } from './server.js';
import { POWER_STATE, type PowerState } from './states.js';

/** nova/compute/power_state.py STATE_MAP: how Nova names a power state in messages. */
const POWER_NAMES: Readonly<Record<PowerState, string>> = {
  [POWER_STATE.NOSTATE]: 'pending',
  [POWER_STATE.RUNNING]: 'running',
  [POWER_STATE.PAUSED]: 'paused',
  [POWER_STATE.SHUTDOWN]: 'shutdown',
  [POWER_STATE.CRASHED]: 'crashed',
  [POWER_STATE.SUSPENDED]: 'suspended',
};

/**
 * The first checks of the conductor's live-migration task (nova/conductor/tasks/
 * live_migrate.py `_execute`), which the API's own state check lets through: the guest must
 * be running or paused (`_check_instance_is_active`), then the source host must exist
 * (`_check_host_is_up(instance.host)`; a server with no host, after an offload or a failed
 * build reset to active, has none, and the service lookup of None raises
 * ComputeHostNotFound). Undefined when both pass.
 *
 * Before 2.34 the API waits for these checks and answers their error (409 for the power
 * state, 400 for the host); from 2.34 it has already answered 202 and the conductor puts
 * the task state back.
 *
 * @example
 * liveMigrationPrecheck(offloadedThenReset)?.message; // "Cannot 'os-migrateLive' instance … while it is in power_state shutdown"
 */
export function liveMigrationPrecheck(server: Server): NovaError | undefined {
  const power = server.machine.powerState;
  if (power !== POWER_STATE.RUNNING && power !== POWER_STATE.PAUSED) {
    return NovaError.conflict(
      `Cannot 'os-migrateLive' instance ${server.id} while it is in power_state ${POWER_NAMES[power]}`,
    );
  }
  if (server.host === null) return NovaError.badRequest('Compute host None could not be found.');
  return undefined;
}
