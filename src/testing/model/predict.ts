import type { Auth } from '../../api/context.js';
import type { Server } from '../../compute/server.js';
import { SAMPLE_FLAVORS } from '../arbitraries/catalog.js';
import { recountUsage } from '../invariants/quota.js';
import type { RefAction } from '../reference/actions.js';
import { refusalFor } from '../reference/preconditions.js';
import { exceeds } from '../reference/quotas.js';
import type { Expected } from './expect.js';
import { subjectOf, zoneAvailable } from './subject.js';
import type { CloudSystem } from './system.js';
import { atLeast } from './versions.js';

const NOT_FOUND = (id: string): Expected => ({
  status: 404,
  message: `Instance ${id} could not be found.`,
  because: '§6.2 another project or a deleted server',
});

/**
 * What the reference expects of `action` on `server` by `auth` at `version`, in Nova's
 * order (§2.1): the action's microversion (404), the lookup (404), policy (403), lock,
 * host and state (409, Nova's exact text), then the action's own checks (§2.5), then
 * its success code (§2.2). Several answers where the reference leaves the order open.
 */
export function predictAction(
  system: CloudSystem,
  server: Server,
  action: RefAction,
  body: Record<string, unknown> | null,
  auth: Auth,
  version: string,
): Expected[] {
  const { cloud, reference, config } = system;
  const row = reference.actions[action];
  if (row.minVersion !== undefined && !atLeast(version, row.minVersion)) {
    return [{ status: 404, because: `${row.bodyKey} needs ${row.minVersion}` }];
  }
  const isAdmin = auth.roles.includes('admin');
  if (server.deleted || (!isAdmin && server.projectId !== auth.projectId)) {
    return [NOT_FOUND(server.id)];
  }
  const subject = subjectOf(cloud, server);
  const refusal = refusalFor(row, subject, { isAdmin, roles: auth.roles });
  const wants: Expected[] = [];
  const args = (body?.[row.bodyKey] ?? null) as Record<string, unknown> | null;
  // Checks the reference does not order against the preconditions: either may come first.
  const early: Expected[] = [];
  if (action === 'unshelve' && typeof args?.availability_zone === 'string') {
    if (!zoneAvailable(cloud, args.availability_zone)) {
      early.push({
        status: 400,
        message: 'The requested availability zone is not available',
        because: '§2.5 unshelve to an unavailable zone',
      });
    }
  }
  // Nova's evacuate API compares the target (None when not given) with the server's host
  // after the policy and before any state check.
  const sameHost =
    action === 'evacuate' && ((args?.host as string | undefined) ?? null) === server.host;
  if (refusal) {
    if (sameHost && refusal.status !== 403)
      return [
        {
          status: 400,
          message: "The target host can't be the same one.",
          because: 'evacuate to its own host',
        },
      ];
    const because = `§2.1/§2.2 ${refusal.check} check`;
    if (refusal.status === 403)
      return [{ status: 403, message: /^Policy doesn't allow /, because }];
    return [{ status: 409, message: refusal.message, because }, ...early];
  }
  if (sameHost)
    return [
      {
        status: 400,
        message: "The target host can't be the same one.",
        because: 'evacuate to its own host',
      },
    ];
  if (early.length > 0) return early;
  const used = () => recountUsage(cloud, server.projectId);
  switch (action) {
    case 'resize': {
      const flavorId = String(args?.flavorRef ?? '');
      if (flavorId === server.flavor.id) {
        return [
          { status: 400, message: 'When resizing, instances must change flavor!', because: '§2.5' },
        ];
      }
      const next = SAMPLE_FLAVORS[flavorId];
      if (next) {
        const delta = {
          instances: 0,
          cores: Math.max(0, next.vcpus - server.flavor.vcpus),
          ram: Math.max(0, next.ram - server.flavor.ram),
        };
        if (exceeds(used(), config.quotas, delta)) {
          return [
            { status: 403, message: /^Quota exceeded for /, because: '§3.3 upsize over quota' },
          ];
        }
      }
      break;
    }
    case 'migrate':
      if (typeof args?.host === 'string' && args.host === server.host) {
        return [
          {
            status: 400,
            message: 'Cannot migrate to the host where the server exists.',
            because: '§2.5',
          },
        ];
      }
      break;
    case 'migrateLive': {
      // nova/conductor/tasks/live_migrate.py checks the power state, then the source host
      // (None after an offload or a failed build reset to active). Before 2.34 the API
      // answers their error; from 2.34 it has already answered 202.
      const power = server.machine.powerState;
      if (!atLeast(version, '2.34')) {
        if (power !== 1 && power !== 3) {
          return [
            {
              status: 409,
              message: new RegExp(
                `^Cannot 'os-migrateLive' instance ${server.id} while it is in power_state `,
              ),
              because: 'the conductor refuses a guest that is not running',
            },
          ];
        }
        if (server.host === null) {
          return [
            {
              status: 400,
              message: 'Compute host None could not be found.',
              because: 'the conductor finds no source host',
            },
          ];
        }
      }
      // Before 2.34 the API also answers the scheduler's NoValidHost when no other host
      // would take the server (the conductor's `_find_destination`).
      if (!atLeast(version, '2.34') && typeof args?.host !== 'string') {
        wants.push({
          status: 400,
          message: /^No valid host was found\./,
          because: 'the conductor finds no destination',
        });
      }
      // The reference is silent on a live migration to its own host.
      if (typeof args?.host === 'string' && args.host === server.host) {
        wants.push({ status: 400, because: 'live migration to its own host' });
      }
      break;
    }
    case 'evacuate':
      // The reference is silent on evacuating a server that has no host at all.
      if (server.host === null) {
        return [
          { status: 409, message: `Instance ${server.id} is not ready`, because: 'no host' },
          { status: 404, because: 'no host' },
          { status: 400, because: 'no host' },
        ];
      }
      if (subject.hostUp) {
        return [
          {
            status: 400,
            message: `Compute service of ${server.host} is still in use.`,
            because: '§2.5 the source compute is up',
          },
        ];
      }
      break;
    case 'unshelve': {
      const pins = args !== null && ('availability_zone' in args || 'host' in args);
      if (pins && subject.vmState === 'shelved') {
        const conflict: Expected = {
          status: 409,
          message: `Specifying an availability zone or a host when unshelving server "${server.id}" with status "shelved" is not supported. The server status must be SHELVED_OFFLOADED.`,
          because: '§2.5 pinning a shelved (not offloaded) server',
        };
        // 2.91's `availability_zone: null` unpins; whether that counts is not in the reference.
        if (args.availability_zone === null && !('host' in args)) wants.push(conflict);
        else return [conflict];
      }
      break;
    }
    case 'changePassword':
      if (server.host === null || !cloud.scheduler.isAlive(server.host)) {
        return [
          {
            status: 500,
            message: /^Unexpected API Error/,
            because: '§8.4 the RPC call to a dead compute times out',
          },
        ];
      }
      break;
    case 'restore': {
      const delta = { instances: 1, cores: server.flavor.vcpus, ram: server.flavor.ram };
      if (exceeds(used(), config.quotas, delta)) {
        return [
          { status: 403, message: /^Quota exceeded for /, because: '§3.1 restore over quota' },
        ];
      }
      break;
    }
    case 'unlock': {
      const by = auth.projectId === server.projectId ? 'owner' : 'admin';
      if (server.lockedBy !== null && server.lockedBy !== by && !isAdmin) {
        return [{ status: 403, message: /unlock_override/, because: '§2.4 unlock_override' }];
      }
      break;
    }
    case 'confirmResize':
    case 'revertResize': {
      const move = server.migration;
      if (move?.status !== 'finished') {
        return [{ status: 400, message: 'Instance has not been resized.', because: '§2.5' }];
      }
      if (
        action === 'confirmResize' &&
        !cloud.scheduler.isUp(move.sourceHost ?? '', cloud.clock.now())
      ) {
        return [
          {
            status: 409,
            message: 'Service is unavailable at this time.',
            because: '§8.4 confirm with the source compute down',
          },
        ];
      }
      break;
    }
    default:
      break;
  }
  wants.unshift({ status: row.success, because: `§2.2 ${row.bodyKey || action} accepted` });
  return wants;
}
