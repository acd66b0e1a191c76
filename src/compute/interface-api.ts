import { NovaError } from '../errors/nova-error.js';
import type { NeutronClient } from '../network/client.js';
import { NeutronError } from '../network/errors.js';
import type { Auth } from '../service/contract.js';
import { type ActionRule, checkAction, checkSubject } from './action-rules.js';
import type { Compute } from './compute.js';
import {
  INTERFACE_EXCEPTIONS,
  type InterfaceException,
  recordInterfaceEvent,
} from './interface-events.js';
import { refreshAddresses } from './network-api.js';
import type { InstanceAction, Server } from './server.js';

const ids = (server: Server) => (server.ports ?? []).map((p) => p.id);

// Nova's interface attach and detach (compute/api.py attach_interface / detach_interface,
// then the compute manager's methods of the same names), over Neutron ports.

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

const raise = (
  exception: InterfaceException['exception'],
  message: string,
): InterfaceException => ({ exception, message });

/**
 * Attaches a port (given, or made on the network) to the server; returns its id. The API
 * looks the port up as an admin (compute/api.py), so a port that does not exist is refused
 * before any compute runs; the rest is the compute's `attach_interface`, whose event the
 * action records on the server's host: Success, or Error with the exception, which is also
 * the server's fault (wrap_instance_fault). Nova's answers: port or network not found 404,
 * port or address in use 409, exhausted or ambiguous networks and a port of another
 * project 400, over the port quota 403.
 */
export function attachInterface(
  compute: Compute,
  neutron: NeutronClient,
  server: Server,
  action: InstanceAction,
  auth: Auth,
  request: AttachRequest,
): string {
  if (request.portId !== null && !neutron.port(elevated(auth), request.portId)) {
    throw NovaError.notFound(`Port id ${request.portId} could not be found.`);
  }
  const outcome = attachOnCompute(neutron, server, auth, request);
  if (typeof outcome === 'string') {
    recordInterfaceEvent(compute, server, action, 'attach_interface');
    return outcome;
  }
  recordInterfaceEvent(compute, server, action, 'attach_interface', outcome);
  // A call: the API answers what the compute raised, as attach_interfaces.py maps it.
  throw new NovaError(INTERFACE_EXCEPTIONS[outcome.exception].answer, outcome.message);
}

/** `context.elevated()`: the caller with the admin role added. */
function elevated(auth: Auth): Auth {
  return auth.roles.includes('admin') ? auth : { ...auth, roles: [...auth.roles, 'admin'] };
}

/**
 * The compute manager's `_attach_interface`, its Neutron calls in master's order: the new
 * port's id, or the exception it raised, having changed nothing.
 */
function attachOnCompute(
  neutron: NeutronClient,
  server: Server,
  auth: Auth,
  request: AttachRequest,
): string | InterfaceException {
  const owner = `compute:${server.availabilityZone ?? 'nova'}`;
  const ports = server.ports ?? [];
  let portId: string;
  if (request.portId !== null) {
    // _validate_requested_port_ids, with the caller's own Neutron client.
    const port = neutron.port(auth, request.portId);
    if (!port) return raise('PortNotFound', `Port id ${request.portId} could not be found.`);
    if (port.projectId !== server.projectId) {
      return raise('PortNotUsable', `Port ${port.id} not usable for instance ${server.id}.`);
    }
    if (port.deviceId !== '') return raise('PortInUse', `Port ${port.id} is still in use.`);
    neutron.claimPort(port.id, server.id, owner);
    portId = port.id;
    server.ports = [...ports, { id: portId, preserveOnDelete: true, tag: request.tag }];
  } else {
    // _validate_requested_network_ids: the networks of the server's project.
    let networkId = request.networkId;
    if (networkId === null) {
      const available = neutron.availableNetworks(server.projectId);
      if (available.length === 0) {
        return raise(
          'InterfaceAttachFailedNoNetwork',
          `No specific network was requested and none are available for project '${server.projectId}'.`,
        );
      }
      if (available.length > 1) {
        return raise(
          'NetworkAmbiguous',
          'Multiple possible networks found, use a Network ID to be more specific.',
        );
      }
      networkId = available[0]!.id;
    } else if (!neutron.network(auth, networkId)) {
      return raise('NetworkNotFound', `Network ${networkId} could not be found.`);
    }
    // _create_port_minimal: Neutron refuses the address; Nova words it itself.
    if (request.fixedIp !== null && neutron.portWithIp(networkId, request.fixedIp)) {
      return raise('FixedIpAlreadyInUse', `Fixed IP ${request.fixedIp} is already in use.`);
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
        return raise('NoMoreFixedIps', `No fixed IP addresses available for network: ${networkId}`);
      }
      if (result.type === 'OverQuota') {
        return raise('PortLimitExceeded', 'Maximum number of ports exceeded');
      }
      return raise(
        'InterfaceAttachFailed',
        `Failed to attach network adapter device to ${server.id}`,
      );
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

/**
 * Detaches a port: Nova deletes the ports it made and hands the user's back. The API has
 * answered 202 and cast to the compute, whose `detach_interface` event records a port the
 * server does not have as an Error (PortNotFound, also the server's fault); nothing else
 * changes.
 */
export function detachInterface(
  compute: Compute,
  neutron: NeutronClient,
  server: Server,
  action: InstanceAction,
  portId: string,
): void {
  const ports = server.ports ?? [];
  const vif = ports.find((p) => p.id === portId);
  if (!vif) {
    const raised = raise('PortNotFound', `Port ${portId} is not attached`);
    recordInterfaceEvent(compute, server, action, 'detach_interface', raised);
    return;
  }
  server.ports = ports.filter((p) => p.id !== portId);
  if (vif.preserveOnDelete) neutron.releasePort(portId);
  else neutron.deletePort(portId);
  refreshAddresses(neutron, server);
  recordInterfaceEvent(compute, server, action, 'detach_interface');
}
