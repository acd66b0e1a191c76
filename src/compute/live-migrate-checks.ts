import { NovaError } from '../errors/nova-error.js';
import type { Scheduler } from '../scheduler/index.js';
import { flavorResources, isVolumeBacked, type Server } from './server.js';
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

/** What the forced path reads of the destination's compute node and service. */
export interface ForcedDestination {
  readonly name: string;
  /** `servicegroup_api.service_is_up`: heart-beating and not forced down (disabled is up). */
  readonly up: boolean;
  /** The RAMFilter's room: `memory_mb * ram_allocation_ratio - memory_mb_used`. */
  readonly availableRamMb: number;
  readonly hypervisorVersion: number;
  /** Placement takes a copy of the server's allocation there (`claim_resources_on_destination`). */
  readonly claimFits: boolean;
}

/** Python's `%s` of a float: 512.0, not 512. */
function pyFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/**
 * The conductor's checks of a forced destination (live_migrate.py `_execute`, the branch
 * taken when the API passes the host on: before 2.30, or `force`), which skip the
 * scheduler and its filters (a disabled service or another zone passes): the destination
 * is not the source (UnableToMigrateToSelf), its service is up (ComputeServiceUnavailable),
 * it has room for the guest's RAM by the RAMFilter's arithmetic, strictly
 * (MigrationPreCheckError), its hypervisor is no older than the source's
 * (DestinationHypervisorTooOld; the type is `fake` everywhere here), then Placement's claim
 * (NoValidHost). Each error is a 400 before 2.34; the fault carries the exception's code.
 *
 * @example
 * forcedDestinationRefusal(server, 1000, { name: server.host!, ... })?.api.message; // "Unable to migrate instance (…) to current host (…)."
 */
export function forcedDestinationRefusal(
  server: Server,
  sourceHypervisorVersion: number,
  dest: ForcedDestination,
): LiveMigrationRefusal | undefined {
  const refuse = (code: number, message: string): LiveMigrationRefusal => ({
    api: NovaError.badRequest(message),
    fault: { code, message },
  });
  if (dest.name === server.host) {
    return refuse(400, `Unable to migrate instance (${server.id}) to current host (${dest.name}).`);
  }
  if (!dest.up) return refuse(400, `Compute service of ${dest.name} is unavailable at this time.`);
  const ram = server.flavor.ram;
  if (ram === 0 || dest.availableRamMb <= ram) {
    return refuse(
      500,
      `Migration pre-check error: Unable to migrate ${server.id} to ${dest.name}: Lack of memory(host:${pyFloat(dest.availableRamMb)} <= instance:${ram})`,
    );
  }
  if (sourceHypervisorVersion > dest.hypervisorVersion) {
    return refuse(400, 'The instance requires a newer hypervisor version than has been provided.');
  }
  if (!dest.claimFits) return refuse(500, forcedClaimFailure(server, dest.name));
  return undefined;
}

/** NoValidHost from `claim_resources_on_destination` when Placement refuses the copy. */
export function forcedClaimFailure(server: Server, host: string): string {
  return `No valid host was found. Unable to move instance ${server.id} to host ${host}. There is not enough capacity on the host for the instance.`;
}

/**
 * The forced live migration's checks of `host` as the scheduler's hosts stand at `now`,
 * undefined when they pass; see {@link forcedDestinationRefusal}.
 *
 * @example
 * forcedLiveMigrationRefusal(scheduler, clock.now(), server, 'west-1'); // undefined: go
 */
export function forcedLiveMigrationRefusal(
  scheduler: Scheduler,
  now: number,
  server: Server,
  host: string,
): LiveMigrationRefusal | undefined {
  const dest = scheduler.getHost(host);
  const source = server.host === null ? undefined : scheduler.getHost(server.host);
  if (dest === undefined || source === undefined) return undefined;
  const { spec, used } = dest;
  // The resource tracker's memory_mb_used counts the reserved memory with the guests.
  const availableRamMb =
    spec.memoryMb * spec.allocationRatio.memoryMb - (spec.reserved.memoryMb + used.memoryMb);
  return forcedDestinationRefusal(server, source.spec.hypervisorVersion, {
    name: host,
    up: scheduler.isUp(host, now),
    availableRamMb,
    hypervisorVersion: spec.hypervisorVersion,
    claimFits: scheduler.fits(host, flavorResources(server.flavor, isVolumeBacked(server))),
  });
}
