import { NovaError } from '../errors/nova-error.js';
import type { NeutronClient } from '../network/client.js';
import type { Server } from './server.js';

// Nova's security group calls for a server (nova/network/security_group_api.py):
// add_to_instance, remove_from_instance and the server's groups in Nova's old format.

function groupId(neutron: NeutronClient, projectId: string, name: string): string {
  const ids = neutron.securityGroups(projectId, name);
  if (ids.length > 1) {
    throw NovaError.conflict(
      `Multiple security_group matches found for name '${name}', use an ID to be more specific.`,
    );
  }
  const id = ids[0];
  if (id === undefined) {
    throw NovaError.notFound(`Security group ${name} is not found for project ${projectId}`);
  }
  return id;
}

function portsOf(neutron: NeutronClient, server: Server) {
  const ports = neutron.portsOfDevice(server.id);
  if (ports.length === 0) {
    throw NovaError.notFound(
      `instance_id ${server.id} could not be found as device id on any ports`,
    );
  }
  return ports;
}

/** The server's group names, as Nova shows them: those of its ports, in first-seen order. */
function syncNames(neutron: NeutronClient, server: Server): void {
  const ids = [...new Set(neutron.portsOfDevice(server.id).flatMap((p) => p.securityGroups))];
  server.securityGroups = neutron.securityGroupRows(ids).map((g) => g.group.name);
}

/**
 * `addSecurityGroup`: the group goes on every port of the server; a port without port
 * security or addresses refuses it (400).
 */
export function addSecurityGroup(
  neutron: NeutronClient,
  server: Server,
  projectId: string,
  name: string,
): void {
  const id = groupId(neutron, projectId, name);
  const ports = portsOf(neutron, server);
  for (const port of ports) {
    if (!port.portSecurityEnabled || port.fixedIps.length === 0) {
      throw NovaError.badRequest(
        'Network requires port_security_enabled and subnet associated in order to apply security groups.',
      );
    }
  }
  for (const port of ports) neutron.setPortSecurityGroups(port.id, [...port.securityGroups, id]);
  syncNames(neutron, server);
}

/** `removeSecurityGroup`: off every port that has it; 404 when none had it. */
export function removeSecurityGroup(
  neutron: NeutronClient,
  server: Server,
  projectId: string,
  name: string,
): void {
  const id = groupId(neutron, projectId, name);
  let found = false;
  for (const port of portsOf(neutron, server)) {
    if (!port.securityGroups.includes(id)) continue;
    neutron.setPortSecurityGroups(
      port.id,
      port.securityGroups.filter((g) => g !== id),
    );
    found = true;
  }
  if (!found) {
    throw NovaError.notFound(
      `Security group ${name} not associated with the instance ${server.id}`,
    );
  }
  syncNames(neutron, server);
}

/** Nova's security group format (`_format_security_group`): ingress rules only. */
export function serverSecurityGroups(neutron: NeutronClient, server: Server): unknown[] {
  const ids = [...new Set(neutron.portsOfDevice(server.id).flatMap((p) => p.securityGroups))];
  const rows = neutron.securityGroupRows(ids);
  const names = new Map(rows.map(({ group }) => [group.id, group]));
  const groups = rows.map(({ group, rules }) => ({
    id: group.id,
    name: group.name,
    description: group.description,
    tenant_id: group.projectId,
    rules: rules
      .filter((rule) => rule.direction === 'ingress')
      .flatMap((rule) => {
        const tcpUdp = rule.protocol !== null && ['tcp', 'udp'].includes(rule.protocol);
        const edge = (value: number | null, fallback: number) =>
          rule.protocol !== null && value === null ? (tcpUdp ? fallback : -1) : value;
        const remoteId = rule.remoteGroupId;
        const remote =
          remoteId === null
            ? undefined
            : (names.get(remoteId) ?? neutron.securityGroupRows([remoteId])[0]?.group);
        // Nova leaves out a rule whose remote group it cannot find.
        if (remoteId !== null && !remote) return [];
        // A rule from a group shows the group; any other its CIDR, none being 0.0.0.0/0
        // (Nova's parse_cidr).
        return {
          id: rule.id,
          parent_group_id: rule.securityGroupId,
          ip_protocol: rule.protocol,
          from_port: edge(rule.portRangeMin, 1),
          to_port: edge(rule.portRangeMax, 65535),
          group: remote ? { name: remote.name, tenant_id: remote.projectId } : {},
          ip_range: rule.remoteGroupId === null ? { cidr: rule.remoteIpPrefix ?? '0.0.0.0/0' } : {},
        };
      }),
  }));
  return groups.sort((a, b) =>
    a.tenant_id === b.tenant_id
      ? a.name.localeCompare(b.name)
      : a.tenant_id.localeCompare(b.tenant_id),
  );
}
