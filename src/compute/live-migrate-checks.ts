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
 * A refused pre-check, both ways Nova reports it: `api` is what the API answers when it
 * waits for the checks (before 2.34); `fault` is the exception itself, as the conductor
 * records it in the instance fault once the API has answered 202 (from 2.34): its own
 * code (InstanceInvalidState is an Invalid, 400; ComputeHostNotFound a NotFound, 404) and
 * formatted message.
 */
export interface LiveMigrationRefusal {
  readonly api: NovaError;
  readonly fault: { readonly code: number; readonly message: string };
}

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
 * the task state back, records an `error` migration and the fault.
 *
 * @example
 * liveMigrationPrecheck(offloadedThenReset)?.api.message; // "Cannot 'os-migrateLive' instance … while it is in power_state shutdown"
 */
export function liveMigrationPrecheck(server: Server): LiveMigrationRefusal | undefined {
  const power = server.machine.powerState;
  if (power !== POWER_STATE.RUNNING && power !== POWER_STATE.PAUSED) {
    const name = POWER_NAMES[power];
    return {
      api: NovaError.conflict(
        `Cannot 'os-migrateLive' instance ${server.id} while it is in power_state ${name}`,
      ),
      fault: {
        code: 400,
        message: `Instance ${server.id} in power_state ${name}. Cannot live migrate while the instance is in this state.`,
      },
    };
  }
  if (server.host === null) {
    return {
      api: NovaError.badRequest('Compute host None could not be found.'),
      fault: { code: 404, message: 'Compute host None could not be found.' },
    };
  }
  return undefined;
}
