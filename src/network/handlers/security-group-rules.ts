import { uuid4 } from '../../random/ids.js';
import {
  type HandlerResult,
  member,
  type NetworkContext,
  onlyKnown,
  ownerOf,
  owns,
  stamp,
} from '../context.js';
import { NeutronError, notFound } from '../errors.js';
import { formatCidr, formatIp, parseCidr, parseIp } from '../ip.js';
import { listBody, project } from '../listing.js';
import { checkQuota } from '../quota.js';
import type { RuleRow } from '../records.js';
import { checkBody, RULE_SCHEMA } from '../schemas.js';
import { ruleView } from '../views.js';
import { ensureDefaultGroup, visibleGroup } from './security-groups.js';

const KNOWN = Object.keys((RULE_SCHEMA.properties ?? {}) as object);

/** neutron-lib's IP_PROTOCOL_MAP, in its order. */
const PROTOCOLS: Readonly<Record<string, number>> = {
  ah: 51,
  dccp: 33,
  egp: 8,
  esp: 50,
  gre: 47,
  hopopt: 0,
  icmp: 1,
  igmp: 2,
  ip: 0,
  ipip: 4,
  'ipv6-encap': 41,
  'ipv6-frag': 44,
  'ipv6-icmp': 58,
  icmpv6: 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  'ipv6-route': 43,
  ospf: 89,
  pgm: 113,
  rsvp: 46,
  sctp: 132,
  tcp: 6,
  udp: 17,
  udplite: 136,
  vrrp: 112,
};
const PORT_PROTOCOLS = new Set([6, 17, 33, 132, 136]);
const ICMP_PROTOCOLS = new Set([1, 58]);
/** sg_supported_protocols as Python prints the tuple. */
const SUPPORTED_TEXT = `(None, 'any', 0, ${Object.keys(PROTOCOLS)
  .map((name) => `'${name}'`)
  .join(', ')})`;

function protocolOf(value: unknown): string | null {
  if (value === null || value === undefined || value === 'any' || value === 0 || value === '0') {
    return null;
  }
  const text = String(value);
  if (/^\d+$/.test(text)) {
    if (Number(text) <= 255) return text;
  } else if (typeof value === 'string' && Object.hasOwn(PROTOCOLS, text.toLowerCase())) {
    return text.toLowerCase();
  }
  throw new NeutronError(
    400,
    'SecurityGroupRuleInvalidProtocol',
    `Security group rule protocol ${text} not supported. Only protocol values ${SUPPORTED_TEXT} and integer representations [0 to 255] are supported.`,
  );
}

function protocolNumber(protocol: string): number {
  return /^\d+$/.test(protocol) ? Number(protocol) : (PROTOCOLS[protocol] ?? -1);
}

function portOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n =
    typeof value === 'number' ? value : /^-?\d+$/.test(String(value)) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new NeutronError(
      400,
      'SecurityGroupInvalidPortValue',
      `Invalid value for port ${String(value)}`,
    );
  }
  return n;
}

function invalid(type: string, message: string): NeutronError {
  return new NeutronError(400, type, message);
}

/** Neutron's `_validate_port_range`, after the full range 1-65535 became "no range". */
function checkPorts(protocol: string | null, min: number | null, max: number | null): void {
  if (min === null && max === null) return;
  if (protocol === null) {
    throw invalid(
      'SecurityGroupProtocolRequiredWithPorts',
      'Must also specify protocol if port range is given.',
    );
  }
  const num = protocolNumber(protocol);
  if (PORT_PROTOCOLS.has(num)) {
    if (min === 0 || max === 0)
      throw invalid('SecurityGroupInvalidPortValue', 'Invalid value for port 0');
    if (min === null || max === null || min > max) {
      throw invalid(
        'SecurityGroupInvalidPortRange',
        'For TCP/UDP protocols, port_range_min must be <= port_range_max',
      );
    }
  } else if (ICMP_PROTOCOLS.has(num)) {
    for (const [value, attr, field] of [
      [min, 'port_range_min', 'type'],
      [max, 'port_range_max', 'code'],
    ] as const) {
      if (value !== null && value > 255) {
        throw invalid(
          'SecurityGroupInvalidIcmpValue',
          `Invalid value for ICMP ${field} (${attr}) ${value}. It must be 0 to 255.`,
        );
      }
    }
    if (min === null && max !== null) {
      throw invalid(
        'SecurityGroupMissingIcmpType',
        `ICMP code (port-range-max) ${max} is provided but ICMP type (port-range-min) is missing.`,
      );
    }
  } else {
    throw invalid(
      'SecurityGroupInvalidProtocolForPort',
      `Ports cannot be specified for protocol ${num}. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.`,
    );
  }
}

/** The key Neutron compares rules by (`_rule_to_key`): any-address prefixes equal none. */
function ruleKey(
  rule: Omit<RuleRow, 'id' | 'projectId' | 'description' | 'createdAt' | 'updatedAt' | 'revision'>,
): string {
  const prefix = rule.remoteIpPrefix;
  const anyPrefix = prefix === null || prefix === '0.0.0.0/0' || prefix === '::/0';
  const proto = rule.protocol === null ? '+' : String(protocolNumber(rule.protocol));
  return [
    rule.direction,
    rule.ethertype,
    rule.portRangeMax ?? '+',
    rule.portRangeMin ?? '+',
    proto,
    rule.remoteGroupId ?? '+',
    anyPrefix ? '+' : prefix,
    rule.securityGroupId,
  ].join('_');
}

export function visibleRule(ctx: NetworkContext, id: string): RuleRow {
  const row = ctx.db.rules.get(id);
  if (!row || !owns(ctx, row)) throw notFound.rule(id);
  return row;
}

export function listRules(ctx: NetworkContext): HandlerResult {
  ensureDefaultGroup(ctx, ctx.auth.projectId);
  const docs = [...ctx.db.rules.values()].filter((row) => owns(ctx, row)).map(ruleView);
  return { status: 200, body: listBody('security-group-rules', docs, ctx.query) };
}

export function showRule(ctx: NetworkContext, id: string): HandlerResult {
  const doc = ruleView(visibleRule(ctx, id));
  return { status: 200, body: { security_group_rule: project(doc, ctx.query.get('fields')) } };
}

export function createRule(ctx: NetworkContext): HandlerResult {
  const attrs = member(ctx, 'security_group_rule');
  onlyKnown(attrs, KNOWN);
  checkBody(RULE_SCHEMA, attrs);
  const projectId = ownerOf(ctx, attrs);
  ensureDefaultGroup(ctx, projectId);
  const protocol0 = protocolOf(attrs.protocol);
  const ethertype = String(attrs.ethertype ?? 'IPv4').toLowerCase() === 'ipv6' ? 'IPv6' : 'IPv4';
  // Legacy IPv6 ICMP spellings become ipv6-icmp (or 58).
  const protocol =
    ethertype === 'IPv6' && (protocol0 === 'icmp' || protocol0 === 'icmpv6')
      ? 'ipv6-icmp'
      : ethertype === 'IPv6' && protocol0 === '1'
        ? '58'
        : protocol0;
  let min = portOf(attrs.port_range_min);
  let max = portOf(attrs.port_range_max);
  if (min === 1 && max === 65535) {
    min = null;
    max = null;
  }
  checkPorts(protocol, min, max);
  let prefix: string | null = null;
  if (attrs.remote_ip_prefix !== undefined && attrs.remote_ip_prefix !== null) {
    const cidr = parseCidr(attrs.remote_ip_prefix);
    if (!cidr) {
      throw NeutronError.badRequest(
        'HTTPBadRequest',
        `Invalid input for remote_ip_prefix. Reason: '${String(attrs.remote_ip_prefix)}' is not a valid IP subnet.`,
      );
    }
    if (`IPv${cidr.version}` !== ethertype) {
      throw invalid(
        'SecurityGroupRuleParameterConflict',
        `Conflicting value ethertype ${ethertype} for CIDR ${String(attrs.remote_ip_prefix)}`,
      );
    }
    // neutron-lib's convert_ip_prefix_to_cidr is netaddr's str(IPNetwork): the address keeps
    // its host bits (10.2.3.124/24); only normalized_cidr is the network.
    const address = parseIp(String(attrs.remote_ip_prefix).split('/')[0]);
    prefix = address ? `${formatIp(cidr.version, address.value)}/${cidr.prefix}` : formatCidr(cidr);
  }
  if (
    ethertype === 'IPv4' &&
    protocol !== null &&
    [
      'ipv6-encap',
      'ipv6-frag',
      'ipv6-icmp',
      'ipv6-nonxt',
      'ipv6-opts',
      'ipv6-route',
      '41',
      '43',
      '44',
      '58',
      '59',
      '60',
    ].includes(protocol)
  ) {
    throw invalid(
      'SecurityGroupEthertypeConflictWithProtocol',
      `Invalid ethertype ${ethertype} for protocol ${protocol}.`,
    );
  }
  const remoteGroupId = (attrs.remote_group_id as string | null | undefined) ?? null;
  if (prefix !== null && remoteGroupId !== null) {
    throw invalid(
      'SecurityGroupMultipleRemoteEntites',
      'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.',
    );
  }
  if (remoteGroupId !== null) visibleGroup(ctx, remoteGroupId);
  const group = visibleGroup(ctx, String(attrs.security_group_id));
  const fields = {
    securityGroupId: group.id,
    direction: attrs.direction as 'ingress' | 'egress',
    ethertype: ethertype as 'IPv4' | 'IPv6',
    protocol,
    portRangeMin: min,
    portRangeMax: max,
    remoteIpPrefix: prefix,
    remoteGroupId,
  };
  const key = ruleKey(fields);
  const same = ctx.db.rulesOf(group.id).find((rule) => ruleKey(rule) === key);
  if (same) {
    throw NeutronError.conflict(
      'SecurityGroupRuleExists',
      `Security group rule already exists. Rule id is ${same.id}.`,
    );
  }
  checkQuota(ctx, 'security_group_rule', projectId);
  const row: RuleRow = {
    ...stamp(ctx, uuid4(ctx.random), projectId, attrs.description),
    ...fields,
  };
  ctx.db.rules.set(row.id, row);
  return { status: 201, body: { security_group_rule: ruleView(row) } };
}

export function deleteRule(ctx: NetworkContext, id: string): HandlerResult {
  visibleRule(ctx, id);
  ctx.db.rules.delete(id);
  return { status: 204, body: null };
}
