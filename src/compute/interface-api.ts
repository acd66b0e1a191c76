import { NovaError } from '../errors/nova-error.js';
import type { NeutronClient } from '../network/client.js';
import { NeutronError } from '../network/errors.js';
import type { Auth } from '../service/contract.js';
import { type ActionRule, checkAction, checkSubject } from './action-rules.js';
import { refreshAddresses } from './network-api.js';
import type { Server } from './server.js';

const ids = (server: Server) => (server.ports ?? []).map((p) => p.id);

// Nova's interface attach and detach (compute/api.py attach_interface / detach_interface
// and the compute manager's allocation for one request), over Neutron ports.

function rule(name: string): ActionRule {
  return {
    name,
    lockChecked: true,
    vmStates: ['active', 'paused', 'stopped'],
    taskStates: [null],
    mustHaveLaunched: true,
    host: 'none',
    hostCheckFirst: false,
    lockMessage: 'locked',
  };
}

/** `check_instance_lock` + `check_instance_state(ACTIVE, PAUSED, STOPPED; no task)`. */
export function checkInterfaceState(
  server: Server,
  action: 'attach_interface' | 'detach_interface',
  isAdmin: boolean,
): void {
  const refusal = checkAction(rule(action), checkSubject(server), { isAdmin, hostUp: true });
  if (refusal) throw refusal;
}

export interface AttachRequest {
  readonly networkId: string | null;
  readonly portId: string | null;
  readonly fixedIp: string | null;
  readonly tag: string | null;
}

/**
 * Attaches a port (given, or made on the network) to the server; returns its id. Errors
 * are Nova's: unknown port or network 404, port or address in use 409, exhausted or
 * ambiguous networks 400.
 */
export function attachInterface(
  neutron: NeutronClient,
  server: Server,
  auth: Auth,
  request: AttachRequest,
): string {
  const owner = `compute:${server.availabilityZone ?? 'nova'}`;
  const ports = server.ports ?? [];
  let portId: string;
  if (request.portId !== null) {
    const port = neutron.port(auth, request.portId);
    if (!port) throw NovaError.notFound(`Port id ${request.portId} could not be found.`);
    if (port.deviceId !== '') throw NovaError.conflict(`Port ${port.id} is still in use.`);
    neutron.claimPort(port.id, server.id, owner);
    portId = port.id;
    server.ports = [...ports, { id: portId, preserveOnDelete: true, tag: request.tag }];
  } else {
    let networkId = request.networkId;
    if (networkId === null) {
      const available = neutron.availableNetworks(auth.projectId);
      if (available.length === 0) {
        throw NovaError.badRequest(
          `No specific network was requested and none are available for project '${auth.projectId}'.`,
        );
      }
      if (available.length > 1) {
        throw NovaError.badRequest(
          'More than one possible network found. Specify network ID(s) to select which one(s) to connect to.',
        );
      }
      networkId = available[0]!.id;
    } else if (!neutron.network(auth, networkId)) {
      throw NovaError.notFound(`Network ${networkId} could not be found.`);
    }
    if (request.fixedIp !== null) {
      const holder = neutron.portWithIp(networkId, request.fixedIp);
      if (holder) {
        throw NovaError.conflict(
          `Fixed IP address ${request.fixedIp} is already in use on instance ${holder.deviceId}.`,
        );
      }
    }
    const groups = [...new Set(neutron.portsOfDevice(server.id).flatMap((p) => p.securityGroups))];
    const result = neutron.createPort(server.projectId, networkId, {
      deviceId: server.id,
      deviceOwner: owner,
      securityGroups:
        groups.length > 0 ? groups : neutron.securityGroups(server.projectId, 'default'),
      ...(request.fixedIp === null ? {} : { fixedIp: request.fixedIp }),
    });
    if (result instanceof NeutronError) {
      if (result.type === 'IpAddressGenerationFailure') {
        throw NovaError.badRequest(`No fixed IP addresses available for network: ${networkId}`);
      }
      if (result.type === 'OverQuota')
        throw NovaError.forbidden('Maximum number of ports exceeded');
      throw new NovaError(500, `Failed to attach network adapter device to ${server.id}`);
    }
    portId = result.id;
    server.ports = [...ports, { id: portId, preserveOnDelete: false, tag: request.tag }];
  }
  if (server.host !== null) {
    neutron.bind(ids(server), server.host, owner, server.machine.vmState === 'active');
  }
  refreshAddresses(neutron, server);
  return portId;
}

/** Detaches a port: Nova deletes the ports it made and hands the user's back. */
export function detachInterface(neutron: NeutronClient, server: Server, portId: string): void {
  const ports = server.ports ?? [];
  const vif = ports.find((p) => p.id === portId);
  // The compute host does the work after a cast: an unknown port changes nothing.
  if (!vif) return;
  server.ports = ports.filter((p) => p.id !== portId);
  if (vif.preserveOnDelete) neutron.releasePort(portId);
  else neutron.deletePort(portId);
  refreshAddresses(neutron, server);
}
