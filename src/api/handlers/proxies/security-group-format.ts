// Nova's reading of Neutron security groups (nova/network/security_group_api.py
// `_convert_to_nova_security_group_format`) and the API's rendering of them
// (api/openstack/compute/security_groups.py `_format_security_group`).

type Json = Record<string, unknown>;

/** A rule as Nova holds it after converting Neutron's: ingress only, ports filled in. */
export interface NovaRule {
  readonly id: string;
  readonly parentGroupId: string;
  readonly protocol: string | null;
  readonly fromPort: number | null;
  readonly toPort: number | null;
  readonly groupId: string | null;
  /** Neutron's remote_ip_prefix, `0.0.0.0/0` when it has none (Nova's `parse_cidr`). */
  readonly cidr: string;
}

export interface NovaGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly projectId: string;
  readonly rules: readonly NovaRule[];
}

/** Who a rule's remote group is, as the API shows it. */
export interface GroupRef {
  readonly name: string;
  readonly tenant_id: string;
}

/** `_convert_to_nova_security_group_rule_format`. */
export function novaRule(rule: Json): NovaRule {
  const protocol = (rule.protocol as string | null | undefined) ?? null;
  const min = (rule.port_range_min as number | null | undefined) ?? null;
  const max = (rule.port_range_max as number | null | undefined) ?? null;
  let fromPort = min;
  let toPort = max;
  if (protocol && min === null && max === null) {
    const tcpUdp = ['TCP', 'UDP'].includes(protocol.toUpperCase());
    fromPort = tcpUdp ? 1 : -1;
    toPort = tcpUdp ? 65535 : -1;
  }
  const prefix = rule.remote_ip_prefix as string | null | undefined;
  return {
    id: String(rule.id),
    parentGroupId: String(rule.security_group_id),
    protocol,
    fromPort,
    toPort,
    groupId: (rule.remote_group_id as string | null | undefined) ?? null,
    cidr: prefix ? prefix : '0.0.0.0/0',
  };
}

/** `_convert_to_nova_security_group_format`: Neutron's group with its ingress rules. */
export function novaGroup(group: Json): NovaGroup {
  const rules = (group.security_group_rules as Json[] | undefined) ?? [];
  return {
    id: String(group.id),
    name: String(group.name ?? ''),
    description: (group.description as string | null | undefined) ?? null,
    projectId: String(group.tenant_id ?? group.project_id ?? ''),
    rules: rules.filter((r) => r.direction === 'ingress').map(novaRule),
  };
}

/**
 * `_format_security_group_rule`: the remote group by name and project, or the CIDR. A rule
 * whose remote group cannot be found is left out (undefined), as Nova skips it.
 */
export function ruleView(
  rule: NovaRule,
  lookup: (groupId: string) => GroupRef | undefined,
): Json | undefined {
  let group: GroupRef | Json = {};
  let ipRange: Json = {};
  if (rule.groupId) {
    const ref = lookup(rule.groupId);
    if (!ref) return undefined;
    group = ref;
  } else {
    ipRange = { cidr: rule.cidr };
  }
  return {
    id: rule.id,
    parent_group_id: rule.parentGroupId,
    ip_protocol: rule.protocol,
    from_port: rule.fromPort,
    to_port: rule.toPort,
    group,
    ip_range: ipRange,
  };
}

/** `_format_security_group`. */
export function groupView(
  group: NovaGroup,
  lookup: (groupId: string) => GroupRef | undefined,
): Json {
  return {
    id: group.id,
    description: group.description,
    name: group.name,
    tenant_id: group.projectId,
    rules: group.rules.flatMap((rule) => {
      const view = ruleView(rule, lookup);
      return view ? [view] : [];
    }),
  };
}

/** Python's sort of `(tenant_id, name)` tuples: by code point, not by locale. */
export function byTenantAndName(a: Json, b: Json): number {
  const ka = [String(a.tenant_id), String(a.name)];
  const kb = [String(b.tenant_id), String(b.name)];
  for (let i = 0; i < 2; i++) {
    if (ka[i]! < kb[i]!) return -1;
    if (ka[i]! > kb[i]!) return 1;
  }
  return 0;
}
