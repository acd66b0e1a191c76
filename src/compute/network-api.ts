import { NovaError } from '../errors/nova-error.js';
import type { NeutronClient } from '../network/client.js';
import { NeutronError } from '../network/errors.js';
import type { Auth } from '../service/contract.js';
import { NO_ADDRESSES, type Server, type ServerPort } from './server.js';

const ids = (server: Server) => (server.ports ?? []).map((p) => p.id);

// Nova's side of Neutron (nova/network/neutron.py): the create-time checks that answer
// 400/409/403 at the API, the allocation that a build meets on the host (and aborts on),
// binding on landing, and cleanup on delete. The server's `addresses` is Nova's network
// info cache, refreshed from the ports.

/** One entry of a create's `networks`, resolved. */
export type NetworkRequest =
  | { readonly kind: 'network'; readonly networkId: string; readonly fixedIp: string | null }
  | { readonly kind: 'port'; readonly portId: string };

export interface ValidatedNetworks {
  readonly requests: readonly NetworkRequest[];
  /** How many instances the port quota leaves room for (Nova caps max_count with it). */
  readonly maxInstances: number;
}

type Json = Record<string, unknown>;

function abort(serverId: string, reason: string): string {
  return `Build of instance ${serverId} aborted: ${reason}`;
}

function autoNetworks(neutron: NeutronClient, auth: Auth, value: unknown): NetworkRequest[] {
  const visible = neutron.availableNetworks(auth.projectId);
  if (visible.length > 1) {
    throw NovaError.conflict(
      'More than one possible network found. Specify network ID(s) to select which one(s) to connect to.',
    );
  }
  const only = visible[0];
  if (!only) {
    if (value === 'auto') {
      throw NovaError.badRequest(
        `Unable to automatically allocate a network for project ${auth.projectId}`,
      );
    }
    return [];
  }
  if (!neutron.hasSubnets(only.id)) {
    throw NovaError.badRequest(
      `Network ${only.id} requires a subnet in order to boot instances on.`,
    );
  }
  return [{ kind: 'network', networkId: only.id, fixedIp: null }];
}

function listed(
  neutron: NeutronClient,
  auth: Auth,
  items: readonly Json[],
  maxCount: number,
): NetworkRequest[] {
  const seenPorts = new Set<string>();
  return items.map((item): NetworkRequest => {
    const port = item.port as string | null | undefined;
    const fixedIp = (item.fixed_ip as string | undefined) ?? null;
    if (port) {
      if (seenPorts.has(port)) {
        throw NovaError.badRequest(
          `Port ID '${port}' was specified twice: you cannot attach a port multiple times.`,
        );
      }
      seenPorts.add(port);
      if (fixedIp !== null) {
        throw NovaError.badRequest(
          `Specified Fixed IP '${fixedIp}' cannot be used with port '${port}': the two cannot be specified together.`,
        );
      }
      if (maxCount > 1) {
        throw NovaError.badRequest(
          'Failed to launch instances: Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.',
        );
      }
      const row = neutron.port(auth, port);
      if (!row) throw NovaError.badRequest(`Port id ${port} could not be found.`);
      if (row.deviceId !== '') throw NovaError.conflict(`Port ${port} is still in use.`);
      if (row.fixedIps.length === 0) {
        throw NovaError.badRequest(`Port ${port} requires a FixedIP in order to be used.`);
      }
      return { kind: 'port', portId: port };
    }
    if (fixedIp !== null && maxCount > 1) {
      throw NovaError.badRequest(
        'Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.',
      );
    }
    const id = String(item.uuid ?? '');
    const network = neutron.network(auth, id);
    if (!network) throw NovaError.badRequest(`Network ${id} could not be found.`);
    if (!neutron.hasSubnets(id)) {
      throw NovaError.badRequest(`Network ${id} requires a subnet in order to boot instances on.`);
    }
    if (fixedIp !== null) {
      const holder = neutron.portWithIp(id, fixedIp);
      if (holder) {
        throw NovaError.badRequest(
          `Fixed IP address ${fixedIp} is already in use on instance ${holder.deviceId}.`,
        );
      }
    }
    return { kind: 'network', networkId: id, fixedIp };
  });
}

/**
 * The create-time checks of `networks` (Nova's `validate_networks`), with Nova's codes:
 * unknown network or port 400, a port in use 409, ambiguous networks 409. `maxInstances`
 * is how many instances the port quota has room for: `_create_instance` refuses fewer than
 * min_count (`refuseOverPortQuota`) only after the key pair and the other base options.
 *
 * @example
 * validateNetworks(neutron, auth, [{ uuid: SAMPLE_NETWORK_ID }], 1).requests;
 */
export function validateNetworks(
  neutron: NeutronClient,
  auth: Auth,
  value: unknown,
  maxCount: number,
): ValidatedNetworks {
  let requests: NetworkRequest[];
  if (value === 'none') requests = [];
  else if (value === undefined || value === 'auto') requests = autoNetworks(neutron, auth, value);
  else requests = listed(neutron, auth, value as Json[], maxCount);
  const perInstance = requests.filter((r) => r.kind === 'network').length;
  const left = neutron.portsLeft(auth.projectId);
  let maxInstances = maxCount;
  if (perInstance > 0 && left >= 0) maxInstances = Math.floor(left / perInstance);
  return { requests, maxInstances: Math.min(maxCount, maxInstances) };
}

/** `_create_instance`'s PortLimitExceeded: the port quota has no room for min_count. */
export function refuseOverPortQuota(maxInstances: number, minCount: number): void {
  if (maxInstances < minCount) throw NovaError.forbidden('Maximum number of ports exceeded');
}

/**
 * Security group names of a create, checked against the project's groups in Neutron
 * (Nova's `_check_requested_secgroups`); returns their ids.
 */
export function checkSecurityGroups(
  neutron: NeutronClient,
  projectId: string,
  names: readonly string[],
): string[] {
  return names.map((name) => {
    const ids = neutron.securityGroups(projectId, name);
    if (ids.length === 0) throw NovaError.badRequest(`Security group ${name} not found.`);
    if (ids.length > 1) {
      throw NovaError.conflict(
        `Multiple security groups found matching '${name}'. Use an ID to be more specific.`,
      );
    }
    return ids[0]!;
  });
}

/**
 * Allocates the server's ports (Nova's `allocate_for_instance`): creates ports on the asked
 * networks, claims the given ones. A Neutron failure leaves no port behind and records the
 * build abort the compute host would raise.
 */
export function allocateForInstance(
  neutron: NeutronClient,
  server: Server,
  auth: Auth,
  requests: readonly NetworkRequest[],
  securityGroupIds: readonly string[],
): void {
  const owner = `compute:${server.availabilityZone ?? server.requestedAz ?? 'nova'}`;
  const ports: ServerPort[] = [];
  for (const request of requests) {
    if (request.kind === 'port') {
      neutron.claimPort(request.portId, server.id, owner);
      ports.push({ id: request.portId, preserveOnDelete: true });
      continue;
    }
    const network = neutron.network(auth, request.networkId);
    if (network?.external && !auth.roles.includes('admin')) {
      failAllocation(
        neutron,
        server,
        ports,
        'Failed to allocate the network(s), not rescheduling.',
      );
      return;
    }
    const result = neutron.createPort(server.projectId, request.networkId, {
      deviceId: server.id,
      deviceOwner: owner,
      securityGroups: [...securityGroupIds],
      ...(request.fixedIp === null ? {} : { fixedIp: request.fixedIp }),
    });
    if (result instanceof NeutronError) {
      const reason =
        result.type === 'IpAddressGenerationFailure'
          ? `Failed to allocate the network(s) with error No fixed IP addresses available for network: ${request.networkId}, not rescheduling.`
          : 'Failed to allocate the network(s), not rescheduling.';
      failAllocation(neutron, server, ports, reason);
      return;
    }
    ports.push({ id: result.id, preserveOnDelete: false });
  }
  server.ports = ports;
  refreshAddresses(neutron, server);
}

function failAllocation(
  neutron: NeutronClient,
  server: Server,
  made: readonly ServerPort[],
  reason: string,
): void {
  server.ports = [...made];
  deallocateForInstance(neutron, server);
  server.networkError = abort(server.id, reason);
}

/** Nova's `deallocate_for_instance`: deletes the ports it made, hands back the user's. */
export function deallocateForInstance(neutron: NeutronClient, server: Server): void {
  const ports = server.ports ?? [];
  server.ports = [];
  for (const port of ports) {
    if (port.preserveOnDelete) neutron.releasePort(port.id);
    else neutron.deletePort(port.id);
  }
  server.addresses = NO_ADDRESSES;
}

/** The network info cache, rebuilt from the ports. */
export function refreshAddresses(neutron: NeutronClient, server: Server): void {
  if (!server.ports) return;
  server.addresses =
    server.ports.length === 0 ? NO_ADDRESSES : neutron.addresses(server.ports.map((p) => p.id));
}

/**
 * Follows a server's status on its ports: bound to its host and ACTIVE when it lands,
 * unbound when offloaded, released when a build fails.
 */
export function onServerStatus(
  neutron: NeutronClient,
  server: Server,
  from: string,
  to: string,
): void {
  if (!server.ports || server.ports.length === 0) return;
  const owner = `compute:${server.availabilityZone ?? 'nova'}`;
  if (to === 'ERROR' && from === 'BUILD') {
    deallocateForInstance(neutron, server);
    return;
  }
  if (to === 'SHELVED_OFFLOADED') {
    neutron.bind(ids(server), '', owner, false);
    return;
  }
  if (server.host !== null) neutron.bind(ids(server), server.host, owner, to === 'ACTIVE');
}
